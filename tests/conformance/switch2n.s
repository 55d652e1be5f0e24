; switch2n L: env := the payload of the constructor env; any tag but 0
; jumps to L, tag 0 goes on; the stack is unchanged.  Here the back edge
; of a loop summing the list [1, 2, 3] of Cons (tag 1, a pair) and Nil
; (tag 0).
; expect: 6
; expect: ()
; expect: #0(3)
; expect: 5
; expect: 999
main:
    loadi 999
    push                ; marker: switch2n pops nothing
    loadi 0
    push                ; the sum, slot 1 in the loop
    clear
    pack 0              ; Nil
    push
    loadi 3
    swap
    conspack 1          ; Cons 3 Nil
    push
    loadi 2
    swap
    conspack 1          ; Cons 2 ..
    push
    loadi 1
    swap
    conspack 1          ; Cons 1 ..: the list in env
    switch2 done        ; the loop's entry test
round:
    push                ; (x, rest) on top
    fst
    addpeek 1
    poke 1              ; sum += x
    pop
    snd                 ; env := rest
    switch2n round      ; Cons: round again; Nil falls through
done:
    pop
    print               ; 6 (env is the sum: pop took it)
    clear
    pack 0
    switch2n bad        ; tag 0 goes on
    print               ; (): the payload of Nil
    loadi 3
    pack 0
    pack 0              ; a boxed constructor of tag 0: goes on
    switch2n bad
    print               ; #0(3): the payload of the box
    loadi 5
    pack 7              ; any tag but 0 jumps
    switch2n ok
bad:
    loadi -1
    print
    stop
ok:
    print               ; 5: the payload of the tag-7 constructor
    pop
    print               ; 999: the marker, under everything
    stop
