; swap: exchange env and the top of S
; expect: 1
; expect: 2
; expect: 3
; expect: (1, 2)
; expect: (2, 1)
; expect: 9
main:
    loadi 9
    push            ; a marker below everything
    loadi 3
    push
    loadi 1
    push
    loadi 2
    swap            ; env = 1, S: 9 3 2
    print           ; 1
    pop             ; env = 2, S: 9 3
    print           ; 2
    pop             ; env = 3, S: 9
    print           ; 3
    loadi 1
    push            ; S: 9 1
    loadi 2
    swap            ; env = 1, S: 9 2
    snoc            ; (env, pop()) = (1, 2), S: 9
    print           ; (1, 2)
    swap            ; env = 9, S: (1, 2)
    swap            ; env = (1, 2), S: 9
    fst             ; 1
    push            ; S: 9 1
    loadi 2
    swap            ; env = 1, S: 9 2
    cons            ; (pop(), env) = (2, 1), S: 9
    print           ; (2, 1)
    pop
    print           ; 9: the marker, so the stack held exactly what it should
    stop
