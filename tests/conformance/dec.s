; dec: env := env - 1, wrapping
; expect: 42
; expect: -1
; expect: 0
; expect: 2147483647
; expect: 2147483646
; expect: -2147483648
main:
    loadi 43
    dec
    print           ; dec 43
    loadi 0
    dec
    print           ; dec 0
    loadi 1
    dec
    print           ; dec 1
    loadi -2147483648
    dec
    print           ; dec -2147483648
    loadi 2147483647
    dec
    print           ; dec 2147483647
    loadi -2147483647
    dec
    print           ; dec -2147483647
    stop
