; snoc: env := (env, pop())
; expect: (2, 1)
; expect: ((3, 2), 1)
; expect: ((), false)
; expect: 8
main:
    loadi 8
    push            ; marker
    loadi 1
    push
    loadi 2
    snoc            ; (2, 1)
    print
    loadi 1
    push
    loadi 2
    push
    loadi 3
    snoc            ; (3, 2)
    snoc            ; ((3, 2), 1)
    print
    loadb 0
    push
    clear
    snoc            ; ((), false)
    print
    pop
    print           ; 8
    stop
