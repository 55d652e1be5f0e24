; subf: env := pop() - env (left operand from the stack)
; expect: 3.5
; expect: -3.5
; expect: 0
; expect: 1.5
; expect: 0.1
; expect: -1e+10
main:
    loadf 5.5
    push
    loadf 2.0
    subf
    print           ; 3.5
    loadf 2.0
    push
    loadf 5.5
    subf
    print           ; -3.5
    loadf 1.0
    push
    loadf 1.0
    subf
    print           ; 0
    loadf -1.0
    push
    loadf -2.5
    subf
    print           ; 1.5
    loadf 0.3
    push
    loadf 0.2
    subf
    print           ; 0.1 (0.100000001 in binary32)
    loadf 1.0
    push
    loadf 1e10
    subf
    print
    stop
