; GC: 200 closures, each capturing an environment (k, (2k, ())), kept live in a
; list across many collections (garbage lists in between), then each applied
; to 1000: sum of (1000 + k + 2k) for k = 1..200 = 260300
; heap-cells: 2048
; expect: 260300
; expect: 260300
main:
    clear
    pack 0
    push
    loadi 200
    cons            ; state (Nil, 200)
build_loop:            ; env = st = (list, i), S: empty
    push
    push
    snd
    push
    loadi 0
    gt
    gotofalse build_done  ; env = st, S: st
    push            ; S: st st
    snd             ; i
    push
    push            ; S: st st i i
    add             ; 2i, S: st st i
    push
    clear
    cons            ; (2i, ())
    cons            ; (i, (2i, ())), S: st st
    cur addk        ; a closure capturing it
    swap            ; env = st, S: st clo
    fst
    cons            ; (clo, list)
    pack 1
    swap            ; env = st, S: newlist
    snd
    dec
    cons            ; (newlist, i - 1)
    push            ; churn a little between closures: garbage collections
    loadi 1         ; happen while only some closures exist
    call churn
    pop
    goto build_loop
build_done:
    pop
    fst             ; the list of closures
    push            ; kept live on the stack
    loadi 10
    call churn      ; about 30000 cells of garbage in a heap of 2048
    pop
    push
    call apply_sum
    print
    loadi 10
    call churn
    pop
    call apply_sum  ; the same closures, after more collections
    print
    stop

addk:               ; env = ((k, (2k, ())), x): x + k + 2k
    push
    acc 0           ; x
    swap
    push            ; S: ret x e
    rest 2          ; k
    swap            ; env = e, S: ret x k
    fst
    snd
    fst             ; 2k
    add
    add
    return

apply_sum:          ; env = a list of closures: the sum of f 1000 over them
    push
    loadi 0
    snoc            ; (0, list)
as_loop:            ; env = st = (acc, list), S: ret
    push
    snd
    switchi 0 as_done 1 as_cons
as_cons:            ; env = (clo, t), S: ret st
    cons            ; big = (st, (clo, t))
    push
    acc 0
    snd             ; t
    swap            ; env = big, S: ret t
    push
    rest 2          ; acc
    swap            ; env = big, S: ret t acc
    acc 0
    fst             ; clo
    push
    loadi 1000
    app             ; clo 1000
    add             ; acc + clo 1000, S: ret t
    snoc            ; (acc', t)
    goto as_loop
as_done:
    pop
    fst
    return

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
