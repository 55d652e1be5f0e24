; asr: env := pop() >> (env mod 32), arithmetic (the sign bit shifted in)
; expect: 4
; expect: -4
; expect: -1
; expect: -1
; expect: -1073741824
; expect: -4
; expect: 3
; expect: 1
; expect: -16
; expect: -8
; expect: 0
; expect: -1
; expect: -1
; expect: -5
; expect: -100
; expect: 1
main:
    loadi 16
    push
    loadi 2
    asr
    print           ; 16 asr 2
    loadi -16
    push
    loadi 2
    asr
    print           ; -16 asr 2
    loadi -1
    push
    loadi 31
    asr
    print           ; -1 asr 31
    loadi -2147483648
    push
    loadi 31
    asr
    print           ; -2147483648 asr 31
    loadi -2147483648
    push
    loadi 1
    asr
    print           ; -2147483648 asr 1
    loadi -7
    push
    loadi 1
    asr
    print           ; -7 asr 1
    loadi 7
    push
    loadi 1
    asr
    print           ; 7 asr 1
    loadi 2147483647
    push
    loadi 30
    asr
    print           ; 2147483647 asr 30
    loadi -16
    push
    loadi 32
    asr
    print           ; -16 asr 32
    loadi -16
    push
    loadi 33
    asr
    print           ; -16 asr 33
    loadi 1024
    push
    loadi -1
    asr
    print           ; 1024 asr -1
    loadi -1024
    push
    loadi -1
    asr
    print           ; -1024 asr -1
    loadi -1024
    push
    loadi -22
    asr
    print           ; -1024 asr -22
    loadi -5
    push
    loadi 0
    asr
    print           ; -5 asr 0
    loadi -100
    push
    loadi 64
    asr
    print           ; -100 asr 64
    loadi 1073741824
    push
    loadi 30
    asr
    print           ; 1073741824 asr 30
    stop
