; pop: env := pop()
; expect: 5
; expect: (1, 2)
; expect: true
; expect: 4
main:
    loadi 4
    push
    loadb 1
    push
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    push
    loadi 5
    push
    clear
    pop
    print           ; 5
    pop
    print           ; (1, 2)
    pop
    print           ; true
    pop
    print           ; 4
    stop
