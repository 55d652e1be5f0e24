; pushpeek n: push env, then env := the n-th value from the top.
main:
    loadi 1
    push
    loadi 2
    pushpeek 0      ; S = [1 2], env = 2
    print
    pushpeek 2      ; S = [1 2 2], env = 1
    print
    pop
    print
    stop
; expect: 2
; expect: 1
; expect: 2
