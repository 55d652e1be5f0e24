; choose over two channels and a timeout: nobody sends, so after 500 us the
; timeout commits (its result is ()); then a sender on the second channel
; is chosen over the first, idle one.  The same choice is synced twice.
; expect: ()
; expect: 42
main:
    channel
    push                ; S: a
    channel
    push                ; S: a, b
    peek 1
    recvevt
    push                ; S: a, b, recv a
    peek 1
    recvevt             ; env = recv b
    choose              ; env = choose(recv a, recv b)   S: a, b
    push
    loadi 500
    afterevt
    choose              ; env = choose(choose(recv a, recv b), after 500)
    push                ; S: a, b, e
    sync                ; the timeout
    print
    peek 1              ; b
    cur sender
    spawn               ; a context that sends 42 on b
    peek 0              ; env = e again
    sync
    print
    stop
sender:                 ; env = (b, ())
    fst
    push
    loadi 42
    sendevt
    sync
    stop
