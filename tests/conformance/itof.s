; itof: env := the float nearest the int env
; expect: 5
; expect: -3
; expect: 0
; expect: 1.67772e+07
; expect: 16777216
; expect: 2.14748e+09
; expect: -2.14748e+09
; expect: 5.5
; expect: true
main:
    loadi 5
    itof
    print
    loadi -3
    itof
    print
    loadi 0
    itof
    print
    loadi 16777217
    itof            ; rounds to 16777216 (binary32 has 24 bits)
    print
    ftoi
    print           ; 16777216
    loadi 2147483647
    itof            ; 2147483648.0
    print
    loadi -2147483648
    itof
    print
    loadi 5
    itof
    push
    loadf 0.5
    addf
    print           ; 5.5
    loadi 2147483647
    itof
    push
    loadf 2147483648.0
    eqf             ; INT_MAX rounds up to 2^31
    print
    stop
