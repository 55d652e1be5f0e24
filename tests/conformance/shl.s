; shl: env := pop() << (env mod 32); counts are taken modulo 32 (32 is 0, 33 is 1, -1 is 31)
; expect: 1
; expect: 16
; expect: -2147483648
; expect: 1
; expect: 2
; expect: -2147483648
; expect: -2147483648
; expect: -2
; expect: 591751040
; expect: 591751040
; expect: 10
; expect: 5
; expect: 7
; expect: -2147483648
; expect: 1
; expect: 0
main:
    loadi 1
    push
    loadi 0
    shl
    print           ; 1 shl 0
    loadi 1
    push
    loadi 4
    shl
    print           ; 1 shl 4
    loadi 1
    push
    loadi 31
    shl
    print           ; 1 shl 31
    loadi 1
    push
    loadi 32
    shl
    print           ; 1 shl 32
    loadi 1
    push
    loadi 33
    shl
    print           ; 1 shl 33
    loadi 1
    push
    loadi -1
    shl
    print           ; 1 shl -1
    loadi 3
    push
    loadi 31
    shl
    print           ; 3 shl 31
    loadi -1
    push
    loadi 1
    shl
    print           ; -1 shl 1
    loadi 305419896
    push
    loadi 4
    shl
    print           ; 305419896 shl 4
    loadi 305419896
    push
    loadi 36
    shl
    print           ; 305419896 shl 36
    loadi 5
    push
    loadi -31
    shl
    print           ; 5 shl -31
    loadi 5
    push
    loadi -32
    shl
    print           ; 5 shl -32
    loadi 7
    push
    loadi 64
    shl
    print           ; 7 shl 64
    loadi 1
    push
    loadi 2147483647
    shl
    print           ; 1 shl 2147483647
    loadi 1
    push
    loadi -2147483648
    shl
    print           ; 1 shl -2147483648
    loadi -2147483648
    push
    loadi 1
    shl
    print           ; -2147483648 shl 1
    stop
