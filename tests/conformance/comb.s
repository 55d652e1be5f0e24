; comb L: env := closure((), L)
; expect: <closure>
; expect: ((), 5)
; expect: 6
; expect: (<closure>, <closure>)
main:
    loadi 77
    comb f          ; the captured env is (), whatever env was
    print           ; <closure>
    push
    loadi 5
    app             ; env = ((), 5)
    print           ; 6
    comb f
    push
    comb f
    cons
    print
    stop
f:
    print           ; ((), 5)
    snd
    inc
    return
