; sndpop of an int on top (not a pair)
; expect-fault: wrong kind: sndpop expects pair, got int
main:
    loadi 1
    push
    sndpop 0
    stop
