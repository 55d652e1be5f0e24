; div: env := pop() / env, truncating toward zero as C99
; INT_MIN div -1 wraps to INT_MIN
; expect: 3
; expect: -3
; expect: -3
; expect: 3
; expect: 0
; expect: 0
; expect: 0
; expect: 0
; expect: 2
; expect: -2
; expect: 0
; expect: -2147483648
; expect: -2147483648
; expect: -1073741824
; expect: 1
; expect: -2147483647
; expect: 0
; expect: -1
; expect: 14
; expect: -14
main:
    loadi 7
    push
    loadi 2
    div
    print           ; 7 div 2
    loadi -7
    push
    loadi 2
    div
    print           ; -7 div 2
    loadi 7
    push
    loadi -2
    div
    print           ; 7 div -2
    loadi -7
    push
    loadi -2
    div
    print           ; -7 div -2
    loadi 1
    push
    loadi 2
    div
    print           ; 1 div 2
    loadi -1
    push
    loadi 2
    div
    print           ; -1 div 2
    loadi 0
    push
    loadi 5
    div
    print           ; 0 div 5
    loadi 0
    push
    loadi -5
    div
    print           ; 0 div -5
    loadi 6
    push
    loadi 3
    div
    print           ; 6 div 3
    loadi -6
    push
    loadi 3
    div
    print           ; -6 div 3
    loadi 2
    push
    loadi 7
    div
    print           ; 2 div 7
    loadi -2147483648
    push
    loadi -1
    div
    print           ; -2147483648 div -1
    loadi -2147483648
    push
    loadi 1
    div
    print           ; -2147483648 div 1
    loadi -2147483648
    push
    loadi 2
    div
    print           ; -2147483648 div 2
    loadi -2147483648
    push
    loadi -2147483648
    div
    print           ; -2147483648 div -2147483648
    loadi 2147483647
    push
    loadi -1
    div
    print           ; 2147483647 div -1
    loadi 2147483647
    push
    loadi -2147483648
    div
    print           ; 2147483647 div -2147483648
    loadi -2147483648
    push
    loadi 2147483647
    div
    print           ; -2147483648 div 2147483647
    loadi 100
    push
    loadi 7
    div
    print           ; 100 div 7
    loadi -100
    push
    loadi 7
    div
    print           ; -100 div 7
    stop
