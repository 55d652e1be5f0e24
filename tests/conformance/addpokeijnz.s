; addpokeijnz n k L: slot n := slot n + k, env := it, jump to L unless it is
; 0; as addpokei n k; jnei 0 L.  A count-down loop: 3 rounds, then the exit.
; expect: 2
; expect: 1
; expect: 0
; expect: 9
; expect: -2147483648
main:
    loadi 9
    push            ; slot 1: a marker
    loadi 3
    push            ; slot 0: the counter
round:
    addpokeijnz 0 -1 body
    print           ; env is 0 at the exit
    pop
    pop
    print           ; 9: the marker, no value pushed or popped
    loadi 2147483647
    push
    addpokeijnz 0 1 wrapped
    stop
wrapped:
    print           ; wraps to the lowest int, not 0: jumped
    stop
body:
    print           ; 2, 1 (env is the new counter)
    goto round
