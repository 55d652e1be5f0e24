; a return address popped into env is not a pair
; expect-fault: wrong kind: fst expects pair, got return address
main:
    call f
    stop
f:
    pop             ; env := the return address
    fst
    print
