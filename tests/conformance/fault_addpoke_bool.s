; addpoke faults on a slot that holds no int, and changes nothing.  Both
; slots are on the stack: a wrong kind, not an underflow (the fault path
; tells the two apart since slot operands read over the loader's guard).
; expect-fault: wrong kind: addpoke expects int, got bool
main:
    loadi 1
    push
    loadb 1
    push
    addpoke 1 0
    stop
