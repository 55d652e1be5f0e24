; drop n: removes the top n values, env unchanged.
main:
    loadi 1
    push
    loadi 2
    push
    loadi 3
    push
    loadi 9
    drop 2          ; S = [1], env = 9
    print
    pop
    print
    drop 0
    print
    stop
; expect: 9
; expect: 1
; expect: 1
