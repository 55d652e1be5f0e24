; mod: env := pop() mod env, the sign of the dividend as C99
; INT_MIN mod -1 is 0
; expect: 1
; expect: -1
; expect: 1
; expect: -1
; expect: 0
; expect: 3
; expect: -3
; expect: 0
; expect: 0
; expect: 0
; expect: -2
; expect: -2
; expect: 1
; expect: -1
; expect: 2147483647
; expect: 0
; expect: -1
; expect: 2
; expect: -2
; expect: 2
main:
    loadi 7
    push
    loadi 2
    mod
    print           ; 7 mod 2
    loadi -7
    push
    loadi 2
    mod
    print           ; -7 mod 2
    loadi 7
    push
    loadi -2
    mod
    print           ; 7 mod -2
    loadi -7
    push
    loadi -2
    mod
    print           ; -7 mod -2
    loadi 5
    push
    loadi 5
    mod
    print           ; 5 mod 5
    loadi 3
    push
    loadi 5
    mod
    print           ; 3 mod 5
    loadi -3
    push
    loadi 5
    mod
    print           ; -3 mod 5
    loadi 0
    push
    loadi 3
    mod
    print           ; 0 mod 3
    loadi 0
    push
    loadi -3
    mod
    print           ; 0 mod -3
    loadi -2147483648
    push
    loadi -1
    mod
    print           ; -2147483648 mod -1
    loadi -2147483648
    push
    loadi 3
    mod
    print           ; -2147483648 mod 3
    loadi -2147483648
    push
    loadi -3
    mod
    print           ; -2147483648 mod -3
    loadi 2147483647
    push
    loadi 2
    mod
    print           ; 2147483647 mod 2
    loadi -2147483648
    push
    loadi 2147483647
    mod
    print           ; -2147483648 mod 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    mod
    print           ; 2147483647 mod -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    mod
    print           ; -2147483648 mod -2147483648
    loadi -1
    push
    loadi -2147483648
    mod
    print           ; -1 mod -2147483648
    loadi 100
    push
    loadi 7
    mod
    print           ; 100 mod 7
    loadi -100
    push
    loadi 7
    mod
    print           ; -100 mod 7
    loadi 100
    push
    loadi -7
    mod
    print           ; 100 mod -7
    stop
