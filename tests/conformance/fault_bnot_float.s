; bnot of a float
; expect-fault: wrong kind: bnot expects int, got float
main:
    loadf 1.0
    bnot
    print
