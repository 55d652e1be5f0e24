; mod by zero faults (also of a negative and of INT_MIN)
; expect: -1
; expect-fault: division by zero
main:
    loadi -7
    push
    loadi 2
    mod
    print
    loadi -2147483648
    push
    loadi 0
    mod
    print
