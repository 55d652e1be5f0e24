; bxor: env := pop() ^ env
; expect: 240
; expect: -1
; expect: -2
; expect: 0
; expect: 6
; expect: 2147483647
; expect: -2147483648
main:
    loadi 255
    push
    loadi 15
    bxor
    print           ; 255 bxor 15
    loadi -1
    push
    loadi 0
    bxor
    print           ; -1 bxor 0
    loadi -1
    push
    loadi 1
    bxor
    print           ; -1 bxor 1
    loadi 5
    push
    loadi 5
    bxor
    print           ; 5 bxor 5
    loadi 12
    push
    loadi 10
    bxor
    print           ; 12 bxor 10
    loadi -2147483648
    push
    loadi -1
    bxor
    print           ; -2147483648 bxor -1
    loadi 2147483647
    push
    loadi -1
    bxor
    print           ; 2147483647 bxor -1
    stop
