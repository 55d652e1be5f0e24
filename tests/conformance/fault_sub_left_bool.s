; a wrong kind as the left operand (from the stack) faults too
; expect-fault: wrong kind: sub expects int, got bool
main:
    loadb 0
    push
    loadi 1
    sub
    print
