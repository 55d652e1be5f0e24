; cons: env := (pop(), env)
; expect: (1, 2)
; expect: (1, (2, ()))
; expect: ((1, 2), 3)
; expect: (true, #0(()))
; expect: 8
main:
    loadi 8
    push            ; marker
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    print
    loadi 1
    push
    loadi 2
    push
    clear
    cons            ; (2, ())
    cons            ; (1, (2, ()))
    print
    loadi 1
    push
    loadi 2
    cons
    push
    loadi 3
    cons            ; ((1, 2), 3)
    print
    loadb 1
    push
    clear
    pack 0
    cons            ; (true, #0(()))
    print
    pop
    print           ; 8: each cons popped exactly one value
    stop
