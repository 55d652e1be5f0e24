; Found by the fuzzer (docs/fuzzing.md, finding 1): while a wrap function
; runs, the outer ones wait on the stack under RET_APPLY marks, which a
; program can pick up (peek 0).  A sync on such a mark is a fault of the
; container, not a walk outside its stack.
; expect-fault: fault at pc 20: wrong kind: sync expects event, got wrap mark
main:
    loadi 0
    afterevt        ; env := after 0 (commits at once)
    push
    comb inner
    wrap            ; env := wrap (after 0) inner
    push
    comb outer
    wrap            ; env := wrap (wrap (after 0) inner) outer
    sync            ; commits: stack [RET, outer, RET_APPLY], applies inner
    stop
inner:
    peek 0          ; env := the RET_APPLY mark under which outer waits
    sync
    stop
outer:
    return
