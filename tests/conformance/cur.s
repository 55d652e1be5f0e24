; cur L: env := closure(env, L); applying it gives L the env (v, arg)
; expect: <closure>
; expect: (10, 3)
; expect: 7
; expect: 7
; expect: <closure>
main:
    loadi 10
    cur sub_from    ; closure(10, sub_from)
    print           ; <closure>
    push
    loadi 3
    app             ; env = (10, 3) at sub_from
    print           ; 7 = 10 - 3
    ; the captured env is the one at cur time, not the env at app time
    loadi 10
    cur sub_quiet
    push
    loadi 99        ; changing env after cur does not change the closure
    loadi 3
    app
    print           ; 7
    ; a closure capturing a closure
    loadi 1
    cur sub_quiet
    cur sub_quiet
    print           ; <closure>
    stop
sub_from:           ; env = (v, x): return v - x
    print
sub_quiet:
    push
    fst             ; v
    swap            ; env = (v, x), S: ret v
    snd             ; x
    sub             ; v - x
    return
