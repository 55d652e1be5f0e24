; A sync followed by `return` keeps no frame for its wraps: the last one
; returns straight to the sync's caller.  appterm 0 0 in a wrap stub is a
; tail application; with an outer wrap's mark under it, it applies its
; function as app does, returning to the `return` after it, which applies
; the outer wrap.  So a loop through two nested wrap functions runs 1000
; rounds in a stack of 16 values.
; stack-depth: 16
; expect: 2000
main:
    loadi 1000
    push
    loadi 0
    cons                    ; env = (1000, 0): (rounds left, sum)
    call loop
    print
    stop
loop:                       ; env = (n, acc), S = [R]
    push                    ; S = [R st]
    fst
    jnei 0 more
    peek 0
    snd
    ret 1 0                 ; acc
more:
    loadi 0
    afterevt
    push                    ; S = [R st after]
    comb two
    cur stub
    wrap                    ; wrap(after 0, stub(two))        S = [R st]
    push                    ; S = [R st ev]
    peek 1
    cur step
    cur stub
    wrap                    ; wrap(ev, stub(step with st))    S = [R st]
    tailcall 0 1 0 tail     ; the frame goes first: S = [R]
tail:
    sync
    return
stub:                       ; env = (f, x): apply f to x, a tail call
    push
    fst
    swap
    snd
    appterm 0 0
    return
two:                        ; env = ((), ()): the after's result is ()
    loadi 2
    return
step:                       ; env = (st, 2), S = [R]
    push                    ; S = [R p]
    fst
    fst
    addi -1
    push                    ; S = [R p n-1]
    peek 1
    snd
    push                    ; S = [R p n-1 2]
    peek 2
    fst
    snd
    add                     ; env = acc + 2   S = [R p n-1]
    cons                    ; env = (n-1, acc+2)   S = [R p]
    tailcall 0 1 0 loop
