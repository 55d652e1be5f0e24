; ftoi of infinity faults
; expect-fault: float out of range
main:
    loadf 1.0
    push
    loadf 0.0
    divf
    ftoi
    print
