; ge: env := (pop() >= env), signed comparison, a bool
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: true
; expect: false
; expect: true
; expect: false
; expect: false
; expect: true
main:
    loadi 1
    push
    loadi 2
    ge
    print           ; 1 ge 2
    loadi 2
    push
    loadi 1
    ge
    print           ; 2 ge 1
    loadi 2
    push
    loadi 2
    ge
    print           ; 2 ge 2
    loadi -1
    push
    loadi 1
    ge
    print           ; -1 ge 1
    loadi 1
    push
    loadi -1
    ge
    print           ; 1 ge -1
    loadi -1
    push
    loadi -1
    ge
    print           ; -1 ge -1
    loadi -2147483648
    push
    loadi 2147483647
    ge
    print           ; -2147483648 ge 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    ge
    print           ; 2147483647 ge -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    ge
    print           ; -2147483648 ge -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    ge
    print           ; 2147483647 ge 2147483647
    loadi -2
    push
    loadi -1
    ge
    print           ; -2 ge -1
    loadi 0
    push
    loadi -2147483648
    ge
    print           ; 0 ge -2147483648
    loadi -2147483648
    push
    loadi 0
    ge
    print           ; -2147483648 ge 0
    loadi -1
    push
    loadi 0
    ge
    print           ; -1 ge 0
    loadi 0
    push
    loadi -1
    ge
    print           ; 0 ge -1
    stop
