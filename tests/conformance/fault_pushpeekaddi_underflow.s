; pushpeekaddi past the bottom of the stack faults, before it pushes.
main:
    loadi 1
    pushpeekaddi 2 1
    stop
; expect-fault: stack underflow
