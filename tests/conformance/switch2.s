; switch2 L: env := the payload of the constructor env; tag 0 jumps to L,
; any other tag goes on; the stack is unchanged.
; expect: 7
; expect: ()
; expect: (1, 2)
; expect: #0(3)
; expect: 999
main:
    loadi 999
    push                ; marker: switch2 pops nothing
    loadi 7
    pack 1              ; an immediate constructor of tag 1: goes on
    switch2 bad
    print               ; 7
    clear
    pack 0              ; tag 0: jumps
    switch2 nil
bad:
    loadi -1
    print
    stop
nil:
    print               ; ()
    loadi 1
    push
    loadi 2
    conspack 1          ; a pair of tag 1 in one cell: goes on
    switch2 bad
    print               ; (1, 2)
    loadi 3
    pack 0
    pack 0              ; a boxed constructor (its field is a constructor)
    switch2 boxed
    goto bad
boxed:
    print               ; #0(3): the payload of the box
    loadi 5
    pack 7              ; any tag but 0 goes on
    switch2 bad
    pop
    print               ; 999
    stop
