; The product gives this container 16 contexts: the 16th spawn (17 alive)
; is a fault of the container.
; expect: 1
; expect: 2
; expect: 3
; expect: 4
; expect: 5
; expect: 6
; expect: 7
; expect: 8
; expect: 9
; expect: 10
; expect: 11
; expect: 12
; expect: 13
; expect: 14
; expect: 15
; expect-fault: fault at pc 9: too many contexts
main:
    loadi 0
again:
    push
    comb idle
    spawn               ; pc 9
    print
    pop
    inc
    jlti 16 again
    stop
idle:
    yield
    goto idle
