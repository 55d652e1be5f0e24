; band: env := pop() & env
; expect: 61440
; expect: 5
; expect: -2147483648
; expect: 0
; expect: 8
; expect: 120
; expect: 0
main:
    loadi 61680
    push
    loadi 65280
    band
    print           ; 61680 band 65280
    loadi -1
    push
    loadi 5
    band
    print           ; -1 band 5
    loadi -2147483648
    push
    loadi -1
    band
    print           ; -2147483648 band -1
    loadi -2147483648
    push
    loadi 2147483647
    band
    print           ; -2147483648 band 2147483647
    loadi 12
    push
    loadi 10
    band
    print           ; 12 band 10
    loadi -8
    push
    loadi 127
    band
    print           ; -8 band 127
    loadi 0
    push
    loadi -1
    band
    print           ; 0 band -1
    stop
