; div and mod at the edges of int32, with INT_MIN made at runtime (INT_MAX + 1)
; INT_MIN div -1 wraps to INT_MIN, INT_MIN mod -1 is 0: never a trap
; expect: -2147483648
; expect: 0
; expect: -2147483648
; expect: 2147483647
; expect: 0
; expect: 1
; expect: 0
; expect: -2147483648
; expect: 0
main:
    loadi 2147483647
    inc             ; INT_MIN
    push
    loadi 0
    dec             ; -1
    div
    print           ; INT_MIN div -1 = INT_MIN
    push
    loadi -1
    mod
    print           ; INT_MIN mod -1 = 0
    loadi -2147483648
    push
    loadi -1
    div
    push
    loadi -1
    div
    print           ; (INT_MIN div -1) div -1 = INT_MIN
    loadi -2147483647
    push
    loadi -1
    div
    print           ; 2147483647
    loadi -2147483647
    push
    loadi -1
    mod
    print           ; 0
    loadi -2147483648
    push
    loadi -2147483648
    div
    print           ; 1
    loadi -2147483648
    push
    loadi -2147483648
    mod
    print           ; 0
    loadi -2147483648
    push
    loadi 1
    div
    print           ; INT_MIN
    loadi -2147483648
    push
    loadi 1
    mod
    print           ; 0
    stop
