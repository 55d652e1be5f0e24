; pushpeek past the bottom of the stack faults.
main:
    loadi 1
    pushpeek 1
    stop
; expect-fault: stack underflow
