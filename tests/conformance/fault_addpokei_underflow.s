; addpokei n on a stack of n values faults.
; expect-fault: stack underflow
main:
    loadi 3
    push
    addpokei 1 1
    stop
