; inc: env := env + 1, wrapping
; expect: 42
; expect: 0
; expect: 1
; expect: -1
; expect: -2147483648
; expect: -2147483647
main:
    loadi 41
    inc
    print           ; inc 41
    loadi -1
    inc
    print           ; inc -1
    loadi 0
    inc
    print           ; inc 0
    loadi -2
    inc
    print           ; inc -2
    loadi 2147483647
    inc
    print           ; inc 2147483647
    loadi -2147483648
    inc
    print           ; inc -2147483648
    stop
