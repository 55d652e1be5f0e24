; abs: env := |env|, abs INT_MIN wraps to INT_MIN
; expect: 5
; expect: 5
; expect: 0
; expect: 1
; expect: -2147483648
; expect: 2147483647
; expect: 2147483647
; expect: 2147483647
main:
    loadi -5
    abs
    print           ; abs -5
    loadi 5
    abs
    print           ; abs 5
    loadi 0
    abs
    print           ; abs 0
    loadi -1
    abs
    print           ; abs -1
    loadi -2147483648
    abs
    print           ; abs -2147483648
    loadi -2147483647
    abs
    print           ; abs -2147483647
    loadi 2147483647
    abs
    print           ; abs 2147483647
    loadi -2147483647
    abs
    print           ; abs -2147483647
    stop
