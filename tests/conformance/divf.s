; divf: env := pop() / env; division by zero is IEEE (an infinity or NaN), not a fault
; expect: 3.5
; expect: 0.285714
; expect: 0.333333
; expect: -0.25
; expect: inf
; expect: -inf
; expect: false
; expect: -0
; expect: 0
main:
    loadf 7.0
    push
    loadf 2.0
    divf
    print           ; 3.5
    loadf 2.0
    push
    loadf 7.0
    divf
    print           ; 0.285714
    loadf 1.0
    push
    loadf 3.0
    divf
    print
    loadf -1.0
    push
    loadf 4.0
    divf
    print           ; -0.25
    loadf 1.0
    push
    loadf 0.0
    divf
    print           ; inf
    loadf 1.0
    push
    loadf -0.0
    divf
    print           ; -inf
    loadf 0.0
    push
    loadf 0.0
    divf            ; NaN: it is not equal to itself
    push
    eqf
    print           ; false
    loadf -1.0
    push
    loadf 1e30
    divf
    push
    loadf 1e30
    divf            ; underflows to -0
    print           ; -0
    loadf 1.0
    push
    loadf 1.0
    push
    loadf 0.0
    divf            ; inf
    divf            ; 1 / inf = 0
    print
    stop
