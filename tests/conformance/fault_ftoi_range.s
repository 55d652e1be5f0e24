; ftoi of 1e10 is out of the int32 range
; expect: 2147483520
; expect-fault: float out of range
main:
    loadf 2147483520.0
    ftoi
    print
    loadf 1e10
    ftoi
    print
