; shr: env := pop() >> (env mod 32), logical (zeros shifted in)
; expect: 16
; expect: 15
; expect: 1
; expect: 1
; expect: -1
; expect: -1
; expect: 2147483640
; expect: 2147483640
; expect: 1
; expect: 1193046
; expect: 1193046
; expect: 1
; expect: 0
; expect: 268435455
; expect: 7
main:
    loadi 256
    push
    loadi 4
    shr
    print           ; 256 shr 4
    loadi -1
    push
    loadi 28
    shr
    print           ; -1 shr 28
    loadi -2147483648
    push
    loadi 31
    shr
    print           ; -2147483648 shr 31
    loadi -1
    push
    loadi 31
    shr
    print           ; -1 shr 31
    loadi -1
    push
    loadi 0
    shr
    print           ; -1 shr 0
    loadi -1
    push
    loadi 32
    shr
    print           ; -1 shr 32
    loadi -16
    push
    loadi 33
    shr
    print           ; -16 shr 33
    loadi -16
    push
    loadi 1
    shr
    print           ; -16 shr 1
    loadi 2147483647
    push
    loadi 30
    shr
    print           ; 2147483647 shr 30
    loadi 305419896
    push
    loadi 8
    shr
    print           ; 305419896 shr 8
    loadi 305419896
    push
    loadi 40
    shr
    print           ; 305419896 shr 40
    loadi -1024
    push
    loadi -1
    shr
    print           ; -1024 shr -1
    loadi 1024
    push
    loadi -1
    shr
    print           ; 1024 shr -1
    loadi -1
    push
    loadi -28
    shr
    print           ; -1 shr -28
    loadi 7
    push
    loadi 64
    shr
    print           ; 7 shr 64
    stop
