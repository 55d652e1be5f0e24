; eq: env := (pop() == env), signed comparison, a bool
; expect: false
; expect: false
; expect: true
; expect: false
; expect: false
; expect: true
; expect: false
; expect: false
; expect: true
; expect: true
; expect: false
; expect: false
; expect: false
; expect: false
; expect: false
main:
    loadi 1
    push
    loadi 2
    eq
    print           ; 1 eq 2
    loadi 2
    push
    loadi 1
    eq
    print           ; 2 eq 1
    loadi 2
    push
    loadi 2
    eq
    print           ; 2 eq 2
    loadi -1
    push
    loadi 1
    eq
    print           ; -1 eq 1
    loadi 1
    push
    loadi -1
    eq
    print           ; 1 eq -1
    loadi -1
    push
    loadi -1
    eq
    print           ; -1 eq -1
    loadi -2147483648
    push
    loadi 2147483647
    eq
    print           ; -2147483648 eq 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    eq
    print           ; 2147483647 eq -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    eq
    print           ; -2147483648 eq -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    eq
    print           ; 2147483647 eq 2147483647
    loadi -2
    push
    loadi -1
    eq
    print           ; -2 eq -1
    loadi 0
    push
    loadi -2147483648
    eq
    print           ; 0 eq -2147483648
    loadi -2147483648
    push
    loadi 0
    eq
    print           ; -2147483648 eq 0
    loadi -1
    push
    loadi 0
    eq
    print           ; -1 eq 0
    loadi 0
    push
    loadi -1
    eq
    print           ; 0 eq -1
    stop
