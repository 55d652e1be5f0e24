; pushpeek2 faults when its second peek reaches past the bottom of the
; stack, before it pushes anything.
main:
    loadi 1
    push
    loadi 2
    pushpeek2 1 3
    stop
; expect-fault: stack underflow
