; sleep: contexts wake in the order of their wake-up times (virtual clock);
; sleep 0 and negative act as yield.
; expect: 0
; expect: 100
; expect: 200
; expect: 300
main:
    loadi 300
    cur sleeper
    spawn
    loadi 100
    cur sleeper
    spawn
    loadi 200
    cur sleeper
    spawn
    loadi -5
    sleep               ; a yield: the three sleepers start sleeping first
    loadi 0
    print
    loadi 1000
    sleep
    stop
sleeper:                ; env = (us, ())
    fst
    push
    sleep
    pop
    print
    stop
