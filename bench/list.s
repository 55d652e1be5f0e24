; list: 50 rounds of
;
;   build n acc = if n == 0 then acc else build (n-1) (n :: acc)   -- [1..100000]
;   map xs      = [] -> [] | x :: r -> (x*2+1) :: map r           -- not tail recursive
;   sum xs      = [] -> 0  | x :: r -> x + sum r                  -- not tail recursive
;
; total := total + sum (map (build 100000 [])), wrapping int32: prints
; 1793793664.
;
; Lists: Nil = `clear; pack 0`, Cons = the pair (x, xs) then `pack 1` (a
; tagged pair: one heap cell per element).  build is a loop (goto) with
; state env = n, S = [.. acc]; map and sum take the list in env and return
; their result in env, keeping each level's cell on the stack: 2 stack
; slots per element (the cell and the return address), 200,000 deep; at
; the peak the heap holds both 100,000-cell lists.

main:
    loadi 0
    push                ; [total = 0]
    loadi 50            ; env = k, rounds left
round:                  ; env = k, [total]
    push
    push                ; [total k k]
    loadi 0
    ne                  ; env = k != 0, [total k]
    gotofalse finish    ; env = k, [total]
    cons                ; p = (total, k), []
    push                ; [p]
    snd
    dec                 ; k-1
    swap                ; env = p, [k-1]
    fst                 ; total
    push                ; [k-1 total]
    clear
    pack 0              ; Nil
    push                ; [k-1 total Nil]
    loadi 100000        ; env = n
build:                  ; env = n, [.. acc]
    push
    push                ; [.. acc n n]
    loadi 0
    ne                  ; env = n != 0, [.. acc n]
    gotofalse built     ; env = n, [.. acc]
    snoc                ; env = (n, acc), [..]
    push                ; [.. (n, acc)]
    fst                 ; n
    dec                 ; n-1
    swap                ; env = (n, acc), [.. n-1]
    pack 1              ; Cons (n, acc)
    swap                ; env = n-1, [.. n :: acc]
    goto build
built:                  ; env = 0, [k-1 total xs]
    pop                 ; env = xs, [k-1 total]
    call map            ; env = ys
    call sum            ; env = s
    add                 ; total + s, [k-1]
    swap                ; env = k-1, [total']
    goto round
finish:                 ; env = 0, [total]
    pop
    print
    stop

map:                    ; env = xs, [.. R]
    switchi 1 Mcons 0 Mnil
Mnil:                   ; env = ()
    pack 0              ; []
    return
Mcons:                  ; env = q = (x, r), [R]
    push                ; [R q]
    snd                 ; r
    call map            ; env = map r, [R q]
    swap                ; env = q, [R map r]
    fst                 ; x
    push
    add                 ; x*2 (as x+x)
    inc                 ; x*2+1
    snoc                ; (x*2+1, map r), [R]
    pack 1
    return

sum:                    ; env = xs, [.. R]
    switchi 1 Scons 0 Snil
Snil:                   ; env = ()
    loadi 0
    return
Scons:                  ; env = q = (x, r), [R]
    push                ; [R q]
    snd                 ; r
    call sum            ; env = sum r, [R q]
    swap                ; env = q, [R sum r]
    fst                 ; x
    add                 ; sum r + x, [R]
    return
