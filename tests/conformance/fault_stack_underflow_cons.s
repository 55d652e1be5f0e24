; cons on an empty stack
; expect-fault: stack underflow
main:
    loadi 1
    cons
    print
