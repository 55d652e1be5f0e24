; a divisor that becomes zero at runtime
; expect-fault: division by zero
main:
    loadi 1
    push
    loadi 5
    push
    loadi 5
    sub
    div
    print
