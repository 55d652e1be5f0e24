; subpeek past the bottom of the stack faults.
main:
    loadi 1
    push
    subpeek 1
    stop
; expect-fault: stack underflow
