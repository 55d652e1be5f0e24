; GC: a left-nested structure L_0 = #0(()), L_i = #1((L_(i-1), i)) of depth 20000
; ((((), 1), 2), 3) ... built, kept live and walked twice; the walks allocate
; garbage, so the collector runs while the deep structure is live: it must not
; recurse on the C stack
; heap-cells: 21000
; expect: 200010000
; expect: 200010000
main:
    clear
    pack 0
    push
    loadi 1
    cons            ; state (L_0, 1)
build:              ; env = st = (L_(i-1), i), S: empty
    push
    push
    snd
    push
    loadi 20000
    le
    gotofalse built ; env = st, S: st
    snd
    inc             ; i + 1, S: st
    swap            ; env = st, S: i + 1
    pack 1          ; L_i = #1((L_(i-1), i))
    snoc            ; (L_i, i + 1)
    goto build
built:
    pop
    fst             ; L_n
    push            ; kept live on the stack
    call walk
    print
    pop
    call walk
    print
    stop

walk:               ; env = L: the sum of its ints
    push
    loadi 0
    snoc            ; (0, L)
walk_loop:          ; env = st = (acc, L), S: ret
    push
    snd
    switchi 0 walk_done 1 walk_step
walk_step:          ; env = c = (L', i), S: ret st
    cons            ; big = (st, c)
    push
    acc 0
    fst             ; L'
    swap            ; env = big, S: ret L'
    push
    rest 2          ; acc
    swap            ; env = big, S: ret L' acc
    acc 0
    snd             ; i
    add             ; S: ret L'
    snoc            ; (acc + i, L')
    goto walk_loop
walk_done:          ; env = (), S: ret st
    pop
    fst
    return
