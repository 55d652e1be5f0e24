; tailcall moves the new arguments over the old ones and keeps R after them:
; f has 2 arguments under R and 2 locals; it tail-calls g with 3 arguments.
main:
    loadi 1
    push
    loadi 2
    push
    loadi 3
    call f
    print
    stop
f:                  ; S = [1 2 R], env = 3
    push            ; S = [1 2 R 3]
    loadi 4
    push            ; S = [1 2 R 3 4]
    loadi 100
    push
    loadi 200
    push
    loadi 300       ; new arguments 100 200 (stack) 300 (env)
    tailcall 2 2 2 g
g:                  ; S = [100 200 R], env = 300
    push            ; S = [100 200 R 300]
    pushpeek 3      ; env = 200, S = [100 200 R 300 300]
    add             ; env = 500, S = [100 200 R 300]
    pushpeek 4      ; env = 100, S = [100 200 R 300 500]
    add             ; 600
    ret 1 2
; expect: 600
