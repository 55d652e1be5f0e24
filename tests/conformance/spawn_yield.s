; spawn starts a context at the back of the ready queue and gives its id
; (1, 2, ... in spawn order); yield sends the running context to the back
; of the queue: three contexts interleave in FIFO order.  A spawned
; context starts with env = (v, ()), v the closure's environment.
; expect: 1
; expect: 2
; expect: 1000
; expect: 10
; expect: 20
; expect: 1001
; expect: 11
; expect: 21
; expect: 1002
main:
    loadi 10
    cur worker          ; closure (10, worker)
    spawn
    print               ; 1
    loadi 20
    cur worker
    spawn
    print               ; 2
    loadi 1000
    print
    yield               ; queue: worker 10, worker 20, main
    loadi 1001
    print
    yield
    loadi 1002
    print
    stop
worker:                 ; env = (v, ())
    fst
    print
    yield
    inc
    print
    stop
