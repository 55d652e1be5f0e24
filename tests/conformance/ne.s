; ne: env := (pop() != env), signed comparison, a bool
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: false
; expect: true
; expect: true
; expect: true
; expect: true
; expect: true
main:
    loadi 1
    push
    loadi 2
    ne
    print           ; 1 ne 2
    loadi 2
    push
    loadi 1
    ne
    print           ; 2 ne 1
    loadi 2
    push
    loadi 2
    ne
    print           ; 2 ne 2
    loadi -1
    push
    loadi 1
    ne
    print           ; -1 ne 1
    loadi 1
    push
    loadi -1
    ne
    print           ; 1 ne -1
    loadi -1
    push
    loadi -1
    ne
    print           ; -1 ne -1
    loadi -2147483648
    push
    loadi 2147483647
    ne
    print           ; -2147483648 ne 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    ne
    print           ; 2147483647 ne -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    ne
    print           ; -2147483648 ne -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    ne
    print           ; 2147483647 ne 2147483647
    loadi -2
    push
    loadi -1
    ne
    print           ; -2 ne -1
    loadi 0
    push
    loadi -2147483648
    ne
    print           ; 0 ne -2147483648
    loadi -2147483648
    push
    loadi 0
    ne
    print           ; -2147483648 ne 0
    loadi -1
    push
    loadi 0
    ne
    print           ; -1 ne 0
    loadi 0
    push
    loadi -1
    ne
    print           ; 0 ne -1
    stop
