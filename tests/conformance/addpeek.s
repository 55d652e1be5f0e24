; addpeek n, subpeek n: env := env +/- the n-th value from the top of S,
; wrapping, the stack unchanged.
main:
    loadi 10
    push
    loadi 3
    push            ; S = [10 3]
    loadi 100
    addpeek 1       ; 100 + 10
    print
    subpeek 0       ; 110 - 3
    print
    loadi 2147483647
    addpeek 0       ; wraps
    print
    loadi -2147483648
    subpeek 0       ; wraps
    print
    pop             ; the top, 3
    print
    stop
; expect: 110
; expect: 107
; expect: -2147483646
; expect: 2147483645
; expect: 3
