; ftoi of NaN (0.0 / 0.0) faults
; expect-fault: float out of range
main:
    loadf 0.0
    push
    loadf 0.0
    divf
    ftoi
    print
