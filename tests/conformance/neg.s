; neg: env := -env, wrapping (neg INT_MIN = INT_MIN)
; expect: -5
; expect: 5
; expect: 0
; expect: -1
; expect: -2147483648
; expect: -2147483647
; expect: 2147483647
main:
    loadi 5
    neg
    print           ; neg 5
    loadi -5
    neg
    print           ; neg -5
    loadi 0
    neg
    print           ; neg 0
    loadi 1
    neg
    print           ; neg 1
    loadi -2147483648
    neg
    print           ; neg -2147483648
    loadi 2147483647
    neg
    print           ; neg 2147483647
    loadi -2147483647
    neg
    print           ; neg -2147483647
    stop
