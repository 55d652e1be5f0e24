; lei k: as push; loadi k; le: env := (env <= k), signed, a bool; the stack is unchanged
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: 77
main:
    loadi 77
    push            ; marker: nothing is popped or left behind
    loadi 1
    lei 2
    print           ; 1 <= 2
    loadi 2
    lei 1
    print           ; 2 <= 1
    loadi 2
    lei 2
    print           ; 2 <= 2
    loadi -1
    lei 1
    print           ; -1 <= 1
    loadi 1
    lei -1
    print           ; 1 <= -1
    loadi -1
    lei -1
    print           ; -1 <= -1
    loadi -2147483648
    lei 2147483647
    print           ; -2147483648 <= 2147483647
    loadi 2147483647
    lei -2147483648
    print           ; 2147483647 <= -2147483648
    loadi -2147483648
    lei -2147483648
    print           ; -2147483648 <= -2147483648
    loadi 2147483647
    lei 2147483647
    print           ; 2147483647 <= 2147483647
    loadi 0
    lei -2147483648
    print           ; 0 <= -2147483648
    loadi -2147483648
    lei 0
    print           ; -2147483648 <= 0
    loadi -1
    lei 0
    print           ; -1 <= 0
    loadi 0
    lei -1
    print           ; 0 <= -1
    loadi -3
    lei -2
    print           ; -3 <= -2
    pop
    print           ; 77
    stop
