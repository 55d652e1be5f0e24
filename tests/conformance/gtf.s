; gtf: env := (pop() > env) on floats, a bool (IEEE: every comparison with NaN is false,
; -0.0 equals 0.0)
; expect: false
; expect: true
; expect: false
; expect: false
; expect: true
; expect: false
; expect: false
; expect: false
; expect: false
; expect: false
; expect: false
; expect: false
; expect: false
; expect: true
main:
    loadf 1.0
    push
    loadf 2.0
    gtf
    print           ; 1.0 > 2.0
    loadf 2.0
    push
    loadf 1.0
    gtf
    print           ; 2.0 > 1.0
    loadf 2.0
    push
    loadf 2.0
    gtf
    print           ; 2.0 > 2.0
    loadf -1.0
    push
    loadf 1.0
    gtf
    print           ; -1.0 > 1.0
    loadf 1.0
    push
    loadf -1.0
    gtf
    print           ; 1.0 > -1.0
    loadf -0.0
    push
    loadf 0.0
    gtf
    print           ; -0.0 > 0.0
    loadf 0.1
    push
    loadf 0.1
    gtf
    print           ; 0.1 > 0.1
    loadf -3.5
    push
    loadf -2.5
    gtf
    print           ; -3.5 > -2.5
    loadf 0.0
    push
    loadf 0.0
    divf            ; NaN
    push
    loadf 1.0
    gtf
    print           ; nan > 1.0
    loadf 1.0
    push
    loadf 0.0
    push
    loadf 0.0
    divf            ; NaN
    gtf
    print           ; 1.0 > nan
    loadf 0.0
    push
    loadf 0.0
    divf            ; NaN
    push
    loadf 0.0
    push
    loadf 0.0
    divf            ; NaN
    gtf
    print           ; nan > nan
    loadf -1.0
    push
    loadf 0.0
    divf            ; -inf
    push
    loadf -3.4e38
    gtf
    print           ; -inf > -3.4e38
    loadf 1.0
    push
    loadf 0.0
    divf            ; inf
    push
    loadf 1.0
    push
    loadf 0.0
    divf            ; inf
    gtf
    print           ; inf > inf
    loadf 1e10
    push
    loadf 1e9
    gtf
    print           ; 1e10 > 1e9
    stop
