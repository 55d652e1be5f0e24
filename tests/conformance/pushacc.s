; pushacc n = push; acc n: push env, then env := acc n of env
; expect: 20
; expect: ((((), 10), 20), 30)
; expect: 30
main:
    clear
    push
    loadi 10
    cons
    push
    loadi 20
    cons
    push
    loadi 30
    cons            ; ((((), 10), 20), 30)
    pushacc 1       ; env := 20, S = [env]
    print
    pop
    print
    pushacc 0
    print
    stop
