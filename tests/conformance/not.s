; not: boolean negation of env
; expect: false
; expect: true
; expect: true
; expect: false
main:
    loadb 1
    not
    print           ; false
    loadb 0
    not
    print           ; true
    loadb 1
    not
    not
    print           ; true
    loadi 3
    push
    loadi 4
    lt              ; true
    not
    print           ; false
    stop
