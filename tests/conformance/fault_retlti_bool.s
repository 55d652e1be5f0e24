; a conditional return tests an int: anything else faults.
; expect-fault: wrong kind
main:
    loadb 1
    call f
    stop
f:
    retlti 2 0 0
    ret 0 0
