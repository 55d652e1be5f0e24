; Both slots on the stack, one not an int: a wrong kind, not an underflow.
; expect-fault: wrong kind: addpoke expects int, got bool
main:
    loadi 1
    push
    loadb 1
    push
    addpoke 1 0
    stop
