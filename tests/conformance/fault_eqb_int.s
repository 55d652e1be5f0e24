; eqb of ints
; expect-fault: wrong kind: eqb expects bool, got int
main:
    loadi 1
    push
    loadi 1
    eqb
    print
