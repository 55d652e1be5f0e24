; snd of a closure made by comb is a wrong-kind fault
; expect-fault: wrong kind: snd expects pair, got closure
main:
    comb f
    snd
    print
f:
    return
