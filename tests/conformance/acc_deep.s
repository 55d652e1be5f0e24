; acc and rest with large n (up to 255) on a left-nested environment
; E_0 = (), E_i = (E_(i-1), i); E_300 is built in a loop, then acc n = 300 - n
; expect: 300
; expect: 299
; expect: 128
; expect: 46
; expect: 45
; expect: ((), 1)
; expect: 1
main:
    clear
    push
    loadi 1
    cons            ; state (E_0, 1)
loop:               ; env = (E_(i-1), i)
    push
    push
    snd
    push
    loadi 300
    le              ; i <= 300
    gotofalse done  ; env = state, one copy left on the stack
    snd
    inc
    cons            ; (state, i + 1) = (E_i, i + 1)
    goto loop
done:
    fst             ; E_300
    push
    acc 0
    print           ; 300
    pop
    push
    acc 1
    print           ; 299
    pop
    push
    acc 172
    print           ; 128
    pop
    push
    acc 254
    print           ; 46
    pop
    push
    acc 255
    print           ; 45
    pop
    push
    rest 255        ; E_45
    rest 44         ; E_1
    print           ; ((), 1)
    pop
    rest 255
    acc 44
    print           ; 1
    stop
