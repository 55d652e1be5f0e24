; GC: constructors of constructors (#2(#1(#0(i)))) kept live in a list of 300
; across collections, then unwrapped and summed: 1 + ... + 300 = 45150
; heap-cells: 2048
; expect: #2(#1(#0(1)))
; expect: 45150
main:
    clear
    pack 0
    push
    loadi 300
    cons            ; state (Nil, 300)
build_loop:            ; env = st = (list, i), S: empty
    push
    push
    snd
    push
    loadi 0
    gt
    gotofalse build_done  ; env = st, S: st
    push
    snd             ; i
    pack 0
    pack 1
    pack 2          ; #2(#1(#0(i)))
    swap            ; env = st, S: st e
    fst
    cons            ; (e, list)
    pack 1
    swap            ; env = st, S: newlist
    snd
    dec
    cons
    goto build_loop
build_done:
    pop
    fst
    push            ; kept live
    loadi 10
    call churn
    pop
    push
    switchi 1 first
first:              ; env = (e_1, t)
    fst
    print           ; #2(#1(#0(1)))
    pop
    push
    loadi 0
    snoc            ; (0, list)
walk:               ; env = st = (acc, list), S: list
    push
    snd
    switchi 0 walk_done 1 walk_cons
walk_cons:          ; env = (e, t), S: list st
    cons            ; big = (st, (e, t))
    push
    acc 0
    snd             ; t
    swap
    push
    rest 2          ; acc
    swap            ; env = big, S: list t acc
    acc 0
    fst             ; e
    switchi 2 u2
u2:
    switchi 1 u1
u1:
    switchi 0 u0
u0:                 ; i
    add
    snoc
    goto walk
walk_done:
    pop
    fst
    print
    stop

churn:              ; env = r: build and drop r lists of 500 elements (about 3000 cells of garbage each)
    push
    push
    loadi 0
    gt
    gotofalse churn_done  ; env = r, S: ret
    push            ; S: ret r
    loadi 500
    call mkclist
    pop             ; drop the list: env = r
    dec
    goto churn
churn_done:
    return

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
