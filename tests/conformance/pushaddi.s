; pushaddi k: push env; env := env + k (an int, wrapping).
; expect: 9
; expect: 10
; expect: -2147483648
; expect: 2147483647
main:
    loadi 10
    pushaddi -1
    print           ; 9
    pop
    print           ; 10: the pushed value
    loadi 2147483647
    pushaddi 1
    print
    pop
    print
    stop
