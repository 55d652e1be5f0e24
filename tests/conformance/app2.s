; app2 L: S = [.. f a], env = b: apply f to a, then what that returns to b,
; coming back to L.  When f's code is `cur T2; return` (a curried
; function), app2 enters T2 at once with env ((v, a), b); otherwise it
; leaves S = [.. b f], env = a for the generic `app; swap; app` after it.
; Both ways give the same result and leave the stack as they found it.
; expect: 7
; expect: 1007
; expect: 30
; expect: (((), 3), 4)
; expect: 88
main:
    loadi 88
    push            ; a marker: the stack must be as it was after each app2
    ; a comb whose code is `cur add2; return`: the fast way
    comb add
    push
    loadi 3
    push
    loadi 4
    app2 done1
    app
    swap
    app
done1:
    print           ; 7
    ; a closure over 1000 (v is read by add2v): the fast way with an env
    loadi 1000
    cur addv
    push
    loadi 3
    push
    loadi 4
    app2 done2
    app
    swap
    app
done2:
    print           ; 1007
    ; a function whose code builds the closure otherwise: the generic way
    comb mul_slow
    push
    loadi 5
    push
    loadi 6
    app2 done3
    app
    swap
    app
done3:
    print           ; 30
    ; the env the fast way builds is the one the two steps build
    comb show
    push
    loadi 3
    push
    loadi 4
    app2 done4
    app
    swap
    app
done4:
    print           ; (((), 3), 4)
    pop
    print           ; 88
    stop
add:
    cur add2
    return
add2:               ; env = ((v, a), b)
    push
    acc 1
    push
    peek 1
    acc 0
    add
    ret 1 0
addv:
    cur add2v
    return
add2v:              ; env = ((1000, a), b)
    push
    fst
    fst             ; v = 1000
    push
    peek 1
    acc 1           ; a
    add
    push
    peek 1
    acc 0           ; b
    add
    ret 1 0
mul_slow:           ; \a -> (push; ..; cur): not `cur; return`
    push
    peek 0
    cur mul2
    ret 1 0
mul2:
    push
    acc 1
    push
    peek 1
    acc 0
    mul
    ret 1 0
show:
    cur show2
    return
show2:
    return
