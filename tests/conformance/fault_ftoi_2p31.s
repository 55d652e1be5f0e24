; ftoi of 2^31 (2147483648.0, one past INT_MAX) faults
; expect-fault: float out of range
main:
    loadf 2147483648.0
    ftoi
    print
