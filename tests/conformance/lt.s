; lt: env := (pop() < env), signed comparison, a bool
; expect: true
; expect: false
; expect: false
; expect: true
; expect: false
; expect: false
; expect: true
; expect: false
; expect: false
; expect: false
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
main:
    loadi 1
    push
    loadi 2
    lt
    print           ; 1 lt 2
    loadi 2
    push
    loadi 1
    lt
    print           ; 2 lt 1
    loadi 2
    push
    loadi 2
    lt
    print           ; 2 lt 2
    loadi -1
    push
    loadi 1
    lt
    print           ; -1 lt 1
    loadi 1
    push
    loadi -1
    lt
    print           ; 1 lt -1
    loadi -1
    push
    loadi -1
    lt
    print           ; -1 lt -1
    loadi -2147483648
    push
    loadi 2147483647
    lt
    print           ; -2147483648 lt 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    lt
    print           ; 2147483647 lt -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    lt
    print           ; -2147483648 lt -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    lt
    print           ; 2147483647 lt 2147483647
    loadi -2
    push
    loadi -1
    lt
    print           ; -2 lt -1
    loadi 0
    push
    loadi -2147483648
    lt
    print           ; 0 lt -2147483648
    loadi -2147483648
    push
    loadi 0
    lt
    print           ; -2147483648 lt 0
    loadi -1
    push
    loadi 0
    lt
    print           ; -1 lt 0
    loadi 0
    push
    loadi -1
    lt
    print           ; 0 lt -1
    stop
