; pop on an empty stack
; expect-fault: stack underflow
main:
    loadi 1
    pop
    print
