; switchi: as switch, but env := v (the payload) and nothing is popped
; expect: 7
; expect: ()
; expect: #0(())
; expect: (1, 2)
; expect: 5
; expect: 2
; expect: 15
; expect: 999
main:
    loadi 999
    push                ; marker: switchi pops nothing
    loadi 7
    pack 1
    switchi 0 bad 1 a1
bad:
    loadi -1
    print
    stop
a1:
    print               ; 7
    clear
    pack 0
    switchi 1 bad 0 b0
b0:
    print               ; ()
    clear
    pack 0
    pack 1
    switchi 1 c1
c1:
    print               ; #0(())
    switchi 0 c0        ; switch again on the payload
c0:
    push
    loadi 1
    push
    loadi 2
    cons
    pack 40000
    switchi 40000 d1 _ bad
d1:
    print               ; (1, 2)
    pop                 ; drop the () pushed at c0
    loadi 5
    pack 3
    switchi _ e1 3 bad
e1:
    print               ; 5
    loadi 0
    pack 3
    switchi 3 f1 3 bad  ; the first match wins
f1:
    loadi 2
    print               ; 2
    ; sum [1, 2, 3, 4, 5] with switchi, the accumulator on the stack
    clear
    pack 0
    push
    loadi 5
    snoc
    pack 1
    push
    loadi 4
    snoc
    pack 1
    push
    loadi 3
    snoc
    pack 1
    push
    loadi 2
    snoc
    pack 1
    push
    loadi 1
    snoc
    pack 1
    push
    loadi 0
    snoc                ; state (0, list), S: marker
sum:                    ; env = (acc, list), S: marker
    push                ; S: marker st
    snd
    switchi 0 sum_nil 1 sum_cons
sum_cons:               ; env = c = (h, t), S: marker st
    cons                ; (st, c) = ((acc, list), (h, t)), S: marker
    push
    snd
    snd                 ; t
    swap                ; env = ((acc, list), (h, t)), S: marker t
    push
    rest 2              ; acc
    swap                ; S: marker t acc
    snd
    fst                 ; h
    add                 ; acc + h, S: marker t
    snoc                ; (acc + h, t)
    goto sum
sum_nil:                ; env = (), S: marker st
    pop
    fst
    print               ; 15
    pop
    print               ; 999
    stop
