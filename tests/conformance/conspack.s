; conspack t: env := constructor t of the pair (pop(), env), as cons; pack t.
; A pair already tagged inside is just a field: the new value is one cell.
; expect: #1((1, 2))
; expect: #0((#1((1, 2)), ()))
; expect: 5
main:
    loadi 5
    push            ; a marker
    loadi 1
    push
    loadi 2
    conspack 1
    print
    push
    clear
    conspack 0
    print
    pop
    print           ; 5: conspack popped exactly one value
    stop
