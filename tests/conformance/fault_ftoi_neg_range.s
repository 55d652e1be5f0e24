; ftoi of -2147483904.0 (the binary32 below -2^31) faults, as does -inf
; expect: -2147483648
; expect-fault: float out of range
main:
    loadf -2147483648.0
    ftoi
    print
    loadf -2147483904.0
    ftoi
    print
