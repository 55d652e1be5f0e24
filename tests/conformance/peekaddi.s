; peekaddi n k: env := slot n + k; pushpeekaddi n k: push env, then
; env := slot n (counted after the push: 0 = the value pushed) + k.
; Ints, wrapping.
main:
    loadi 10
    push
    loadi 20
    push              ; S = [10 20]
    peekaddi 1 -3     ; 10 - 3
    print
    pushpeekaddi 2 5  ; S = [10 20 7], env = 10 + 5
    print
    pushpeekaddi 0 1  ; S = [10 20 7 15], env = 15 + 1
    print
    pop               ; S = [10 20 7]
    print
    peekaddi 0 2147483647   ; 7 + 2147483647 wraps
    print
    loadi 2147483647
    push
    peekaddi 0 1
    print
    stop
; expect: 7
; expect: 15
; expect: 16
; expect: 15
; expect: -2147483642
; expect: -2147483648
