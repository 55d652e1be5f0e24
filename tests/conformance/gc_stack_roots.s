; GC: 300 pairs (i, (i, ())) whose only references are on the stack survive
; collections (a garbage list of 200 elements is built after each push);
; then they are popped and summed: 2 * (1 + ... + 300) = 90300
; heap-cells: 1024
; expect: 90300
main:
    loadi 1
push_loop:          ; env = i, S: p_1 .. p_(i-1)
    push
    push
    loadi 300
    le
    gotofalse pushed  ; env = i
    push
    push
    clear
    cons            ; (i, ())
    cons            ; p_i = (i, (i, ()))
    push            ; S: p_1 .. p_i
    fst
    inc             ; i + 1
    push
    loadi 200
    call mkclist    ; garbage
    pop             ; env = i + 1
    goto push_loop
pushed:
    loadi 0
    push
    loadi 300
    cons            ; state (acc, k)
sum_loop:           ; env = st = (acc, k), S: p_1 .. p_k
    push
    snd
    push
    loadi 0
    gt
    gotofalse done  ; env = st, S: p_1 .. p_k
    swap            ; env = p_k, S: p_1 .. p_(k-1) st
    push
    fst             ; k
    swap            ; env = p_k, S: .. st k
    snd
    fst             ; k
    add             ; 2k, S: .. st
    cons            ; big = (st, 2k)
    push
    rest 1
    snd             ; k
    dec
    swap            ; env = big, S: .. k - 1
    push
    rest 2          ; acc
    swap
    acc 0           ; 2k
    add             ; acc + 2k, S: .. k - 1
    snoc            ; (acc + 2k, k - 1)
    push            ; more garbage while the rest of the pairs are on the stack
    loadi 50
    call mkclist
    pop
    goto sum_loop
done:
    fst
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
