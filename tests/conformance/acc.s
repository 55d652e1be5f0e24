; acc n: n times fst, then snd.  env = ((((), 10), 20), 30), a CAM environment
; expect: 30
; expect: 20
; expect: 10
; expect: 30
; expect: (1, 2)
main:
    clear
    push
    loadi 10
    cons            ; ((), 10)
    push
    loadi 20
    cons            ; (((), 10), 20)
    push
    loadi 30
    cons            ; ((((), 10), 20), 30)
    push            ; keep a copy
    acc 0
    print           ; 30
    pop
    push
    acc 1
    print           ; 20
    pop
    push
    acc 2
    print           ; 10
    pop
    snd             ; acc 0 is snd
    print           ; 30
    ; acc of a pair whose snd is a pair
    loadi 0
    push
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    cons            ; (0, (1, 2))
    acc 0
    print           ; (1, 2)
    stop
