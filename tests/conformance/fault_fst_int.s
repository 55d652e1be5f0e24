; fst of an int is a wrong-kind fault
; expect-fault: wrong kind: fst expects pair, got int
main:
    loadi 5
    fst
    print
