; fst of a constructor whose payload is a pair: a constructor is not a pair
; expect-fault: wrong kind: fst expects pair, got constructor
main:
    loadi 1
    push
    loadi 2
    cons
    pack 1
    fst
    print
