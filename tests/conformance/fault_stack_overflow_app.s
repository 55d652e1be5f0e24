; unbounded recursion through a closure
; expect-fault: stack overflow
main:
    comb f
    push
    comb f
    app
f:                  ; env = ((), self)
    snd
    push
    push
    app
    print
