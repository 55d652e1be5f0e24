; gt: env := (pop() > env), signed comparison, a bool
; expect: false
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
; expect: false
; expect: true
main:
    loadi 1
    push
    loadi 2
    gt
    print           ; 1 gt 2
    loadi 2
    push
    loadi 1
    gt
    print           ; 2 gt 1
    loadi 2
    push
    loadi 2
    gt
    print           ; 2 gt 2
    loadi -1
    push
    loadi 1
    gt
    print           ; -1 gt 1
    loadi 1
    push
    loadi -1
    gt
    print           ; 1 gt -1
    loadi -1
    push
    loadi -1
    gt
    print           ; -1 gt -1
    loadi -2147483648
    push
    loadi 2147483647
    gt
    print           ; -2147483648 gt 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    gt
    print           ; 2147483647 gt -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    gt
    print           ; -2147483648 gt -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    gt
    print           ; 2147483647 gt 2147483647
    loadi -2
    push
    loadi -1
    gt
    print           ; -2 gt -1
    loadi 0
    push
    loadi -2147483648
    gt
    print           ; 0 gt -2147483648
    loadi -2147483648
    push
    loadi 0
    gt
    print           ; -2147483648 gt 0
    loadi -1
    push
    loadi 0
    gt
    print           ; -1 gt 0
    loadi 0
    push
    loadi -1
    gt
    print           ; 0 gt -1
    stop
