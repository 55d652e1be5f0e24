; accijnz with a slot under the stack faults: a stack underflow, not a
; wrong kind (it reads the loader's guard there).
; expect-fault: stack underflow
main:
    loadi 3
    push
    accijnz 1 0 -1 main
    stop
