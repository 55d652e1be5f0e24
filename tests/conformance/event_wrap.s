; wrap applies on whichever branch commits, through nested choices and
; wraps, innermost first: wrap(wrap(e, inc), double) gives (v + 1) * 2;
; a wrap over a choice applies to either branch; an event is reused.
; expect: 22
; expect: 7
; expect: 21
main:
    channel
    push                ; S: ch
    cur sender          ; sends 10, sleeps 2 ms, sends 10
    spawn
    peek 0
    recvevt
    push
    comb incf
    wrap                ; wrap(recv ch, inc)
    push
    comb double
    wrap                ; wrap(wrap(recv ch, inc), double)
    push                ; S: ch, w
    loadi 1000
    afterevt
    push
    comb seven
    wrap                ; wrap(after 1000, seven)
    choose              ; choose(w, wrap(after, seven))   S: ch
    push                ; S: ch, c
    sync                ; 10 arrives: (10 + 1) * 2 = 22
    print
    peek 0
    sync                ; nothing within 1000 us (the sender sleeps): 7
    print
    peek 0
    push
    comb minus1
    wrap                ; wrap(choose(...), minus1): one more wrap outside
    sync                ; 10 arrives: (10 + 1) * 2 - 1 = 21
    print
    stop
incf:                   ; env = ((), v)
    snd
    inc
    return
double:
    snd
    push
    add                 ; v + v
    return
seven:
    loadi 7
    return
minus1:
    snd
    dec
    return
sender:                 ; env = (ch, ())
    fst
    push
    push                ; S: ch, ch
    loadi 10
    sendevt             ; S: ch
    sync
    loadi 2000
    sleep               ; the second sync's timeout passes meanwhile
    loadi 10
    sendevt
    sync
    stop
