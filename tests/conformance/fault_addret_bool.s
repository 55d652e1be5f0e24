; addret adds ints: a bool operand faults before anything returns.
; expect-fault: wrong kind: addret expects int, got bool
main:
    call f
    stop
f:
    loadb 1
    push
    loadi 2
    addret 1
