; poke n: slot n (0 = the top of S) := env, env kept.
; addpokei n k: slot n := slot n + k (an int, wrapping), env := the new value.
; addpoke a b: slot a := slot a + slot b (ints, wrapping), env := the new value.
; expect: 7
; expect: 2
; expect: 7
; expect: 15
; expect: 15
; expect: 5
; expect: -2147483648
; expect: -2147483648
; expect: 4
; expect: 8
main:
    loadi 1
    push
    loadi 2
    push            ; S = [1 2], 2 on top
    loadi 7
    poke 1          ; S = [7 2], env 7
    print           ; 7
    pop
    print           ; 2: the top was not touched
    pop
    print           ; 7
    loadi 10
    push
    loadi 5
    push            ; S = [10 5]
    loadi 99
    addpoke 1 0     ; slot 1 := 10 + 5
    print           ; 15 (env)
    peek 1
    print           ; 15 (the slot)
    peek 0
    print           ; 5: slot b unchanged
    loadi 2147483647
    poke 0          ; S = [15 2147483647]
    addpokei 0 1    ; wraps
    print
    peek 0
    print
    loadi 2
    poke 0          ; S = [15 2]
    addpoke 0 0     ; a slot plus itself: 4
    print
    addpokei 0 4    ; 8
    print
    stop
