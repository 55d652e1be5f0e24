; pushpeek2 a b: pushpeek a, then pushpeek b, in one instruction.
main:
    loadi 1
    push
    loadi 2
    push
    loadi 3         ; S = [1 2], env = 3
    pushpeek2 2 2   ; push 3, env := 1; push 1, env := 2: S = [1 2 3 1], env = 2
    print
    pop
    print
    pop
    print
    pop
    print
    pushpeek2 0 0   ; S = [1 2], env = 2: S = [1 2 2 2], env = 2
    print
    pop
    print
    stop
; expect: 2
; expect: 1
; expect: 3
; expect: 2
; expect: 2
; expect: 2
