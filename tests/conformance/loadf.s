; loadf x: env := the binary32 float nearest x; printed as C's %g
; expect: 1.5
; expect: 0.1
; expect: 1e+10
; expect: -2.5
; expect: 0
; expect: -0
; expect: 2
; expect: 100000
; expect: 1e+06
; expect: 1.23457e+08
; expect: 3.14159
; expect: 1e-05
; expect: 0.0001
; expect: 0.0025
; expect: 1.67772e+07
; expect: 3.40282e+38
; expect: 0.333333
; expect: (1.5, -0.25)
main:
    loadf 1.5
    print
    loadf 0.1
    print
    loadf 1e10
    print
    loadf -2.5
    print
    loadf 0.0
    print
    loadf -0.0
    print
    loadf 2.0
    print
    loadf 100000.0
    print
    loadf 1000000.0
    print
    loadf 123456789.0
    print
    loadf 3.14159265
    print
    loadf 1e-5
    print
    loadf 0.0001
    print
    loadf 2.5e-3
    print
    loadf 16777217.0    ; not representable: rounds to 16777216
    print
    loadf 3.4028234e38  ; the largest finite binary32
    print
    loadf 0.333333333
    print
    loadf 1.5
    push
    loadf -0.25
    cons
    print
    stop
