; Any number of contexts may wait on one channel: five receivers block in
; spawn order and are served in that order (FIFO), one value each; each
; prints (its number, the value it got).
; expect: (1, 100)
; expect: (2, 101)
; expect: (3, 102)
; expect: (4, 103)
; expect: (5, 104)
main:
    channel
    push                ; S: ch
    loadi 1
spawn5:
    push                ; S: ch, i
    peek 1
    push                ; S: ch, i, ch
    peek 1              ; env = i
    cons                ; env = (ch, i)   S: ch, i
    cur receiver
    spawn
    pop                 ; env = i   S: ch
    inc
    jlti 6 spawn5
    yield               ; the five block on ch, in spawn order
    loadi 100
send:
    push                ; S: ch, v
    peek 1
    push                ; S: ch, v, ch
    peek 1              ; env = v
    sendevt
    sync
    pop                 ; env = v   S: ch
    inc
    jlti 105 send
    stop
receiver:               ; env = ((ch, i), ())
    fst
    push                ; S: (ch, i)
    fst
    recvevt
    sync                ; env = v
    swap                ; env = (ch, i)   S: v
    snd                 ; env = i
    snoc                ; env = (i, v)
    print
    stop
