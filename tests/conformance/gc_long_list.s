; GC: 100 rounds each build a list of 1000 elements and sum it: 100000 list
; cells (and as many state pairs) in all, in a heap of 4096 cells, so the
; collector must run many times; little is live at any time
; heap-cells: 4096
; expect: 50050000
main:
    loadi 0
    push
    loadi 100
    cons            ; state (total, rounds left)
round:              ; env = st = (total, r), S: empty
    push
    push
    snd
    push
    loadi 0
    gt
    gotofalse finish  ; env = st, S: st
    loadi 1000
    call mkclist
    call sum        ; 500500, S: st
    cons            ; big = (st, s)
    push
    acc 1           ; r
    dec
    swap            ; env = big, S: r - 1
    push
    rest 2          ; total
    swap            ; env = big, S: r - 1, total
    acc 0           ; s
    add             ; total + s, S: r - 1
    snoc            ; (total + s, r - 1)
    goto round
finish:
    fst
    print           ; 100 * 500500
    stop

mkclist:            ; env = n: Cons (1, Cons (2, ... Cons (n, Nil))), Nil = #0(()),
                    ; Cons = #1((head, tail)); built from the back with a state (list, i)
    push
    clear
    pack 0
    snoc            ; (Nil, n)
mk_loop:            ; env = st = (list, i), S: ret
    push
    push
    snd
    push
    loadi 0
    gt              ; i > 0
    gotofalse mk_done  ; env = st, S: ret st
    push            ; S: ret st st
    snd             ; i
    swap            ; env = st, S: ret st i
    fst             ; list
    cons            ; (i, list)
    pack 1          ; Cons
    swap            ; env = st, S: ret newlist
    snd
    dec
    cons            ; (newlist, i - 1)
    goto mk_loop
mk_done:
    pop
    fst
    return

sum:                ; env = a list of ints: its sum
    push
    loadi 0
    snoc            ; state (0, list)
sum_loop:           ; env = st = (acc, list), S: ret
    push            ; S: ret st
    snd
    switchi 0 sum_nil 1 sum_cons
sum_cons:           ; env = (h, t), S: ret st
    cons            ; big = (st, (h, t))
    push
    acc 0
    snd             ; t
    swap            ; env = big, S: ret t
    push
    rest 2          ; acc
    swap            ; env = big, S: ret t acc
    acc 0
    fst             ; h
    add             ; S: ret t
    snoc            ; (acc + h, t)
    goto sum_loop
sum_nil:            ; env = (), S: ret st
    pop
    fst
    return
