; addpokeijnz n on a stack of n values faults: a stack underflow, not a wrong kind.
; expect-fault: stack underflow
main:
    loadi 3
    push
    addpokeijnz 1 -1 main
    stop
