; pushacc walks pairs: an int on the way faults
; expect-fault: fault at pc 5: wrong kind: pushacc expects pair, got int
main:
    loadi 1
    pushacc 2
    stop
