; muli k: env := env * k, wrapping.
; expect: -21
; expect: 0
; expect: -2147483648
main:
    loadi 7
    muli -3
    print
    muli 0
    print
    loadi 1073741824
    muli 2
    print
    stop
