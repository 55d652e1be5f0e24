; acc walks through fst: a non-pair on the way faults
; expect: 30
; expect-fault: wrong kind: acc expects pair, got float
main:
    loadf 1.5
    push
    loadi 30
    cons            ; (1.5, 30)
    push
    acc 0
    print           ; 30
    pop
    acc 1           ; fst gives 1.5, then snd of 1.5 faults
    print
