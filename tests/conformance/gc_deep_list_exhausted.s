; GC: a list of 50000 elements (one cell each) stays live while it is summed twice;
; with a heap of 49984 cells, a little smaller than the live list, the heap is exhausted
; heap-cells: 49984
; expect-fault: heap exhausted
main:
    loadi 50000
    call mkclist
    push            ; the list stays live on the stack
    call sum
    print
    pop
    call sum
    print
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
