; ltf of a bool
; expect-fault: wrong kind: ltf expects float, got bool
main:
    loadf 1.0
    push
    loadb 1
    ltf
    print
