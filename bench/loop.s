; loop: a 10,000,000-iteration tail-recursive loop,
;
;   loop i acc = if i == 0 then acc else loop (i-1) (acc+i)
;
; with the VM's wrapping int32 arithmetic: prints -2004260032.
;
; The state is env = i, S = [i, acc]: a copy of i stays under acc, and
; `peek 1` reads it back, so an iteration allocates nothing (with push,
; swap and pop alone no sequence can keep a copy under another value, and
; the state would need a pair cell per round).  The tail call is the
; test at the bottom (`jnei 0 loop`), as compilers lay loops out.

main:
    loadi 10000000
    push                ; S = [i]
    loadi 0             ; acc
    push                ; S = [i, acc]
    peek 1              ; env = i
    jeqi 0 done
loop:                   ; env = i (not 0), S = [i, acc]
    add                 ; env = acc + i, S = [i]
    swap                ; env = i, S = [acc + i]
    dec                 ; i - 1
    swap                ; env = acc + i, S = [i - 1]
    push                ; S = [i - 1, acc + i]
    peek 1              ; env = i - 1
    jnei 0 loop
done:                   ; env = 0, S = [0, acc]
    pop                 ; acc
    print
    stop
