; sub: env := pop() - env (left operand from the stack), wrapping
; expect: 7
; expect: -7
; expect: 0
; expect: -1
; expect: 2147483647
; expect: -2147483648
; expect: -2147483648
; expect: 1
; expect: -2147483648
; expect: -1
main:
    loadi 10
    push
    loadi 3
    sub
    print           ; 10 sub 3
    loadi 3
    push
    loadi 10
    sub
    print           ; 3 sub 10
    loadi -5
    push
    loadi -5
    sub
    print           ; -5 sub -5
    loadi 0
    push
    loadi 1
    sub
    print           ; 0 sub 1
    loadi -2147483648
    push
    loadi 1
    sub
    print           ; -2147483648 sub 1
    loadi 2147483647
    push
    loadi -1
    sub
    print           ; 2147483647 sub -1
    loadi 0
    push
    loadi -2147483648
    sub
    print           ; 0 sub -2147483648
    loadi -2147483648
    push
    loadi 2147483647
    sub
    print           ; -2147483648 sub 2147483647
    loadi -1
    push
    loadi 2147483647
    sub
    print           ; -1 sub 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    sub
    print           ; 2147483647 sub -2147483648
    stop
