; negf: env := -env
; expect: -1.5
; expect: 2
; expect: -0
; expect: 0
; expect: -inf
; expect: -1e+10
main:
    loadf 1.5
    negf
    print
    loadf -2.0
    negf
    print
    loadf 0.0
    negf
    print           ; -0
    negf
    print           ; 0
    loadf 1.0
    push
    loadf 0.0
    divf
    negf
    print           ; -inf
    loadf 1e10
    negf
    print
    stop
