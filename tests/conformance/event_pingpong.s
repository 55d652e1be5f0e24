; Ping-pong between two contexts over one channel: main sends 1..3, the
; worker receives and prints each and replies n*10.  When main stops, the
; worker is blocked for ever on the container's own channel: a deadlock.
; expect: 1
; expect: 10
; expect: 2
; expect: 20
; expect: 3
; expect: 30
; expect-fault: fault at pc 41: deadlock
main:
    channel
    push                ; S: ch
    cur worker          ; closure (ch, worker)
    spawn
    pop                 ; env = ch   S: -
    push                ; S: ch
    loadi 1
loop:
    push                ; S: ch, n
    peek 1              ; env = ch
    push                ; S: ch, n, ch
    peek 1              ; env = n
    sendevt             ; pops ch: env = send(ch, n)   S: ch, n
    sync
    peek 1
    recvevt
    sync                ; env = reply
    print
    pop                 ; env = n  S: ch
    inc
    jlti 4 loop
    stop
worker:                 ; env = (ch, ())
    fst
    push                ; S: ch
wloop:
    peek 0
    recvevt
    sync                ; env = n
    print
    push                ; S: ch, n
    peek 1              ; ch
    push                ; S: ch, n, ch
    peek 1              ; n
    push
    loadi 10
    mul                 ; n*10   S: ch, n, ch
    sendevt             ; S: ch, n
    sync
    pop                 ; env = n  S: ch
    goto wloop
