; add: env := pop() + env, wrapping modulo 2^32
; expect: 12
; expect: 7
; expect: 7
; expect: -2
; expect: 0
; expect: -2147483648
; expect: 2147483647
; expect: -2
; expect: 0
; expect: -1
; expect: -1294967296
main:
    loadi 5
    push
    loadi 7
    add
    print           ; 5 add 7
    loadi -3
    push
    loadi 10
    add
    print           ; -3 add 10
    loadi 10
    push
    loadi -3
    add
    print           ; 10 add -3
    loadi -1
    push
    loadi -1
    add
    print           ; -1 add -1
    loadi 0
    push
    loadi 0
    add
    print           ; 0 add 0
    loadi 2147483647
    push
    loadi 1
    add
    print           ; 2147483647 add 1
    loadi -2147483648
    push
    loadi -1
    add
    print           ; -2147483648 add -1
    loadi 2147483647
    push
    loadi 2147483647
    add
    print           ; 2147483647 add 2147483647
    loadi -2147483648
    push
    loadi -2147483648
    add
    print           ; -2147483648 add -2147483648
    loadi 2147483647
    push
    loadi -2147483648
    add
    print           ; 2147483647 add -2147483648
    loadi 1000000000
    push
    loadi 2000000000
    add
    print           ; 1000000000 add 2000000000
    stop
