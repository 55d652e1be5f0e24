; sndpop a: env := the snd of the pair on top of S, written to slot a
; (counted with the pair still on top), and the pair popped.
; expect: 20
; expect: 20
; expect: 7
; expect: 2
; expect: 9
main:
    loadi 7
    push            ; a marker, under the slot
    loadi 0
    push            ; slot 1 (0 = the pair, once pushed)
    loadi 10
    push
    loadi 20
    cons
    push            ; the pair (10, 20) on top
    sndpop 1
    print           ; 20: env
    pop
    print           ; 20: the slot, the pair gone
    pop
    print           ; 7: the marker is untouched
    loadi 9
    push            ; a marker
    loadi 1
    push
    loadi 2
    cons
    push
    sndpop 0        ; slot 0 is the pair itself: written, then popped
    print           ; 2
    pop
    print           ; 9: the marker is next
    stop
