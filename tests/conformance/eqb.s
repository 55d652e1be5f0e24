; eqb: env := (pop() == env) for bools
; expect: true
; expect: false
; expect: false
; expect: true
; expect: true
main:
    loadb 1
    push
    loadb 1
    eqb
    print           ; true == true
    loadb 1
    push
    loadb 0
    eqb
    print           ; true == false
    loadb 0
    push
    loadb 1
    eqb
    print           ; false == true
    loadb 0
    push
    loadb 0
    eqb
    print           ; false == false
    loadi 1
    push
    loadi 2
    lt              ; true
    push
    loadb 0
    not             ; true
    eqb
    print           ; computed bools compare equal
    stop
