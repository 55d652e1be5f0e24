; bor: env := pop() | env
; expect: 255
; expect: -2147483647
; expect: -1
; expect: 14
; expect: 0
; expect: -5
; expect: -1
main:
    loadi 240
    push
    loadi 15
    bor
    print           ; 240 bor 15
    loadi -2147483648
    push
    loadi 1
    bor
    print           ; -2147483648 bor 1
    loadi -2147483648
    push
    loadi 2147483647
    bor
    print           ; -2147483648 bor 2147483647
    loadi 12
    push
    loadi 10
    bor
    print           ; 12 bor 10
    loadi 0
    push
    loadi 0
    bor
    print           ; 0 bor 0
    loadi -8
    push
    loadi 3
    bor
    print           ; -8 bor 3
    loadi 0
    push
    loadi -1
    bor
    print           ; 0 bor -1
    stop
