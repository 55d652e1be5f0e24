; peekaddi reads slot 2 of a two-value stack: an underflow.
; expect-fault: stack underflow
main:
    loadi 1
    push
    push
    peekaddi 2 1
    stop
