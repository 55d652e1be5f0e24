; ftoi: env := the float env truncated toward zero (NaN and out of range fault:
; see fault_ftoi_*.s)
; expect: 3
; expect: -3
; expect: 0
; expect: 0
; expect: 2147483520
; expect: -2147483648
; expect: 1000000000
; expect: -1
; expect: 16777216
; expect: 0
; expect: 7
main:
    loadf 3.7
    ftoi
    print           ; 3
    loadf -3.7
    ftoi
    print           ; -3, not -4
    loadf -0.5
    ftoi
    print           ; 0
    loadf 0.999
    ftoi
    print           ; 0
    loadf 2147483520.0  ; the largest binary32 below 2^31
    ftoi
    print
    loadf -2147483648.0 ; -2^31 fits
    ftoi
    print
    loadf 1e9
    ftoi
    print
    loadf -1.9999
    ftoi
    print           ; -1
    loadf 16777216.0
    ftoi
    print
    loadf -0.0
    ftoi
    print           ; 0
    loadi 7
    itof
    ftoi
    print           ; 7
    stop
