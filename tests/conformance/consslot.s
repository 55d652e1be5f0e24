; consslot n t: slot n := constructor t of the pair (env, slot n); env := it,
; as pushpeek n+1; conspack t; poke n.  Other slots and the depth unchanged.
; expect: #1((3, #1((2, #0(())))))
; expect: #1((3, #1((2, #0(())))))
; expect: 7
; expect: 9
main:
    loadi 9
    push            ; slot 2: a marker under the list
    clear
    pack 0          ; Nil
    push            ; slot 1: the list
    loadi 7
    push            ; slot 0: another marker
    loadi 2
    consslot 1 1    ; list := Cons 2 list
    loadi 3
    consslot 1 1    ; list := Cons 3 list
    print           ; env is the new list
    peek 1
    print           ; so is slot 1
    pop
    print           ; 7: slot 0 untouched
    pop
    pop
    print           ; 9: nothing pushed or popped
    stop
