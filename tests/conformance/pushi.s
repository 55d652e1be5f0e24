; pushi k = push; loadi k: push env, env := k
; expect: 7
; expect: 3
main:
    loadi 3
    pushi 7
    print           ; 7
    pop
    print           ; 3 (pushed by pushi)
    stop
