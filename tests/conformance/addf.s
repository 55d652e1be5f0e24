; addf: env := pop() + env in binary32 arithmetic
; expect: 3.75
; expect: 0.3
; expect: true
; expect: 0
; expect: 1e+10
; expect: 16777216
; expect: inf
; expect: -inf
; expect: 0.5
main:
    loadf 1.5
    push
    loadf 2.25
    addf
    print           ; 3.75
    loadf 0.1
    push
    loadf 0.2
    addf
    print           ; 0.3
    push
    loadf 0.3
    eqf             ; true in binary32 (false if computed in double and not rounded)
    print
    loadf -1.5
    push
    loadf 1.5
    addf
    print           ; 0
    loadf 1e10
    push
    loadf 1.0
    addf
    print           ; 1e+10
    loadf 16777216.0
    push
    loadf 1.0
    addf            ; 16777217 is not a binary32: rounds to even, 16777216
    ftoi
    print
    loadf 3.4e38
    push
    loadf 3.4e38
    addf            ; overflows to infinity
    print
    loadf -3.4e38
    push
    loadf -3.4e38
    addf
    print
    loadf -1.0
    push
    loadf 1.5
    addf
    print           ; 0.5
    stop
