; appterm l a: a tail application of a closure replaces the caller's frame.
; stack-depth: 16
main:
    loadi 7
    push            ; argument 1 of f
    loadi 8         ; argument 2
    call f
    print
    stop
f:                  ; S = [7 R], env = 8
    push            ; S = [7 R 8]
    loadi 1
    push
    cur add         ; env = closure(1, add)
    push            ; S = [7 R 8 1 clo]
    peek 2          ; env = 8
    appterm 2 1     ; drops 8 1 and 7; env = (1, 8)
add:                ; S = [R], env = (1, 8)
    push
    fst
    swap
    snd
    add
    return
; expect: 9
