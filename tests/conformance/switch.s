; switch t1 L1 ... tn Ln: env = constructor(t, v): at the first case matching
; t, env := (pop(), v) and jump to its label
; expect: (100, 7)
; expect: (200, ())
; expect: (300, #0(()))
; expect: (400, (1, 2))
; expect: 1
; expect: 15
; expect: 999
main:
    loadi 999
    push            ; marker: each switch pops exactly one value
    loadi 100
    push
    loadi 7
    pack 1
    switch 0 a0 1 a1 2 a2
a0:
    loadi -1
    print
    stop
a2:
    loadi -2
    print
    stop
a1:
    print           ; (100, 7)
    loadi 200
    push
    clear
    pack 0
    switch 1 b1 0 b0
b1:
    loadi -1
    print
    stop
b0:
    print           ; (200, ())
    ; a nested constructor: the payload is itself a constructor
    loadi 300
    push
    clear
    pack 0
    pack 1
    switch 0 c0 1 c1
c0:
    loadi -1
    print
    stop
c1:
    print           ; (300, #0(()))
    ; a constructor of a pair
    loadi 400
    push
    loadi 1
    push
    loadi 2
    cons
    pack 3
    switch 3 d3
d3:
    print           ; (400, (1, 2))
    ; the first matching case wins, even when a later one has the same tag
    clear
    push
    loadi 5
    pack 2
    switch 2 e_first 2 e_second
e_second:
    loadi 2
    print
    stop
e_first:
    loadi 1
    print           ; 1
    ; sum the list [1, 2, 3, 4, 5]: Nil = #0(()), Cons = #1((head, tail))
    clear
    pack 0          ; Nil
    push
    loadi 5
    snoc            ; (5, Nil)
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
    pack 1          ; Cons (1, Cons (2, ...))
    push
    loadi 0         ; the accumulator
    swap            ; env = list, S: marker 0
sum:                ; env = list, S: marker acc
    switch 0 sum_nil 1 sum_cons
sum_cons:           ; env = (acc, (h, t)), S: marker
    push
    snd
    snd             ; t
    swap            ; env = (acc, (h, t)), S: marker t
    push
    fst             ; acc
    swap            ; env = (acc, (h, t)), S: marker t acc
    snd
    fst             ; h
    add             ; acc + h, S: marker t
    swap            ; env = t, S: marker acc
    goto sum
sum_nil:            ; env = (acc, ()), S: marker
    fst
    print           ; 15
    pop
    print           ; 999
    stop
