; le: env := (pop() <= env), signed comparison, a bool
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
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
main:
    loadi 1
    push
    loadi 2
    le
    print           ; 1 le 2
    loadi 2
    push
    loadi 1
    le
    print           ; 2 le 1
    loadi 2
    push
    loadi 2
    le
    print           ; 2 le 2
    loadi -1
    push
    loadi 1
    le
    print           ; -1 le 1
    loadi 1
    push
    loadi -1
    le
    print           ; 1 le -1
    loadi -1
    push
    loadi -1
    le
    print           ; -1 le -1
    loadi -2147483648
    push
    loadi 2147483647
    le
    print           ; -2147483648 le 2147483647
    loadi 2147483647
    push
    loadi -2147483648
    le
    print           ; 2147483647 le -2147483648
    loadi -2147483648
    push
    loadi -2147483648
    le
    print           ; -2147483648 le -2147483648
    loadi 2147483647
    push
    loadi 2147483647
    le
    print           ; 2147483647 le 2147483647
    loadi -2
    push
    loadi -1
    le
    print           ; -2 le -1
    loadi 0
    push
    loadi -2147483648
    le
    print           ; 0 le -2147483648
    loadi -2147483648
    push
    loadi 0
    le
    print           ; -2147483648 le 0
    loadi -1
    push
    loadi 0
    le
    print           ; -1 le 0
    loadi 0
    push
    loadi -1
    le
    print           ; 0 le -1
    stop
