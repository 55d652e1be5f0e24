; peek n: env := the n-th value from the top of S (0 = top), S unchanged
; expect: 30
; expect: 10
; expect: 30
; expect: 20
; expect: 10
main:
    loadi 10
    push
    loadi 20
    push
    loadi 30
    push            ; S = [10, 20, 30]
    clear
    peek 0
    print           ; 30
    peek 2
    print           ; 10
    pop
    print           ; 30: peek left the stack as it was
    pop
    print           ; 20
    pop
    print           ; 10
    stop
