; mul: env := pop() * env, wrapping
; expect: 42
; expect: -42
; expect: -42
; expect: 42
; expect: 0
; expect: 0
; expect: -2
; expect: -2147483648
; expect: 0
; expect: 1410065408
; expect: -2147479015
; expect: -2147483647
; expect: 1
main:
    loadi 6
    push
    loadi 7
    mul
    print           ; 6 mul 7
    loadi -6
    push
    loadi 7
    mul
    print           ; -6 mul 7
    loadi 6
    push
    loadi -7
    mul
    print           ; 6 mul -7
    loadi -6
    push
    loadi -7
    mul
    print           ; -6 mul -7
    loadi 0
    push
    loadi -2147483648
    mul
    print           ; 0 mul -2147483648
    loadi 65536
    push
    loadi 65536
    mul
    print           ; 65536 mul 65536
    loadi 2147483647
    push
    loadi 2
    mul
    print           ; 2147483647 mul 2
    loadi -2147483648
    push
    loadi -1
    mul
    print           ; -2147483648 mul -1
    loadi -2147483648
    push
    loadi 2
    mul
    print           ; -2147483648 mul 2
    loadi 100000
    push
    loadi 100000
    mul
    print           ; 100000 mul 100000
    loadi 46341
    push
    loadi 46341
    mul
    print           ; 46341 mul 46341
    loadi -1
    push
    loadi 2147483647
    mul
    print           ; -1 mul 2147483647
    loadi 2147483647
    push
    loadi 2147483647
    mul
    print           ; 2147483647 mul 2147483647
    stop
