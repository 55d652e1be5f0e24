; negf of an int
; expect-fault: wrong kind: negf expects float, got int
main:
    loadi 1
    negf
    print
