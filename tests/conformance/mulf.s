; mulf: env := pop() * env
; expect: 6
; expect: -5
; expect: 6.25
; expect: 0.3
; expect: inf
; expect: -0
; expect: 1e+20
main:
    loadf 1.5
    push
    loadf 4.0
    mulf
    print           ; 6
    loadf -2.5
    push
    loadf 2.0
    mulf
    print           ; -5
    loadf -2.5
    push
    loadf -2.5
    mulf
    print           ; 6.25
    loadf 0.1
    push
    loadf 3.0
    mulf
    print           ; 0.3
    loadf 1e20
    push
    loadf 1e20
    mulf            ; overflows binary32
    print           ; inf
    loadf -1.0
    push
    loadf 0.0
    mulf
    print           ; -0
    loadf 1e10
    push
    loadf 1e10
    mulf
    print           ; 1e+20
    stop
