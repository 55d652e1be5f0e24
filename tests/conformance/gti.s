; gti k: as push; loadi k; gt: env := (env > k), signed, a bool; the stack is unchanged
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
; expect: true
; expect: false
; expect: false
; expect: true
; expect: false
; expect: 77
main:
    loadi 77
    push            ; marker: nothing is popped or left behind
    loadi 1
    gti 2
    print           ; 1 > 2
    loadi 2
    gti 1
    print           ; 2 > 1
    loadi 2
    gti 2
    print           ; 2 > 2
    loadi -1
    gti 1
    print           ; -1 > 1
    loadi 1
    gti -1
    print           ; 1 > -1
    loadi -1
    gti -1
    print           ; -1 > -1
    loadi -2147483648
    gti 2147483647
    print           ; -2147483648 > 2147483647
    loadi 2147483647
    gti -2147483648
    print           ; 2147483647 > -2147483648
    loadi -2147483648
    gti -2147483648
    print           ; -2147483648 > -2147483648
    loadi 2147483647
    gti 2147483647
    print           ; 2147483647 > 2147483647
    loadi 0
    gti -2147483648
    print           ; 0 > -2147483648
    loadi -2147483648
    gti 0
    print           ; -2147483648 > 0
    loadi -1
    gti 0
    print           ; -1 > 0
    loadi 0
    gti -1
    print           ; 0 > -1
    loadi -3
    gti -2
    print           ; -3 > -2
    pop
    print           ; 77
    stop
