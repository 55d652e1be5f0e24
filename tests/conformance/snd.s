; snd: env := b where env = (a, b)
; expect: 2
; expect: (2, 3)
; expect: 3
; expect: ()
; expect: true
main:
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    snd
    print           ; 2
    loadi 1
    push
    loadi 2
    push
    loadi 3
    cons            ; (2, 3)
    cons            ; (1, (2, 3))
    snd
    print           ; (2, 3)
    snd
    print           ; 3
    loadi 4
    push
    clear
    cons            ; (4, ())
    snd
    print           ; ()
    clear
    push
    loadb 1
    cons            ; ((), true)
    snd
    print           ; true
    stop
