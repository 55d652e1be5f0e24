; spawn needs a closure.
; expect-fault: fault at pc 5: wrong kind: spawn expects closure, got int
main:
    loadi 3
    spawn
    stop
