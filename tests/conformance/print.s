; print: write env on one line in the value format; env is unchanged
; expect: 12
; expect: -5
; expect: true
; expect: false
; expect: ()
; expect: (1, 2)
; expect: (1, (2, ()))
; expect: (((), 1), 2)
; expect: #3(7)
; expect: #1(#0(()))
; expect: <closure>
; expect: <closure>
; expect: 1.5
; expect: 0.1
; expect: 1e+10
; expect: (<closure>, (#2((true, -1)), 2.5))
; expect: 12
; expect: 13
; expect: 13
main:
    loadi 12
    print
    loadi -5
    print
    loadb 1
    print
    loadb 0
    print
    clear
    print
    loadi 1
    push
    loadi 2
    cons
    print
    loadi 1
    push
    loadi 2
    push
    clear
    cons
    cons
    print
    clear
    push
    loadi 1
    cons
    push
    loadi 2
    cons
    print
    loadi 7
    pack 3
    print
    clear
    pack 0
    pack 1
    print
    loadi 3
    cur f
    print
    comb f
    print
    loadf 1.5
    print
    loadf 0.1
    print
    loadf 1e10
    print
    ; a mix of everything in one value
    comb f
    push            ; S: clo
    loadb 1
    push
    loadi -1
    cons
    pack 2
    push            ; S: clo #2(...)
    loadf 2.5
    cons
    cons
    print
    loadi 12
    print
    inc             ; print left env unchanged: 13
    print
    print
    stop
f:
    return
