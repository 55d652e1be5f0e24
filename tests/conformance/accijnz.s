; accijnz a n k L: slot a := slot a + slot n; slot n := slot n + k; env :=
; slot n; jump to L unless it is 0 (addpoke a n; addpokeijnz n k L).  When
; L is the instruction itself the VM goes round it without dispatching: the
; same results as the two instructions.
; expect: 0
; expect: 15
; expect: 1
; expect: 7
; expect: 0
; expect: 0
; expect: -2147483646
; expect: -2147483648
; expect: 42
main:
    loadi 0
    push            ; slot 1: the sum
    loadi 5
    push            ; slot 0: the counter
sum:
    accijnz 1 0 -1 sum
    print           ; 0: env is the counter at the exit
    pop
    pop
    print           ; 15 = 5 + 4 + 3 + 2 + 1
    ; L elsewhere: one round a dispatch, the counter 2 then 1 (4 + 2 + 1)
    loadi 4
    push
    loadi 2
    push
other:
    accijnz 1 0 -1 away
    pop
    pop
    print           ; 7
    goto alias
away:
    print           ; 1: env is the new counter
    goto other
alias:
    ; a == n: slot := slot + slot, then + k, read after the first write:
    ; 3 -> 6 - 4 = 2 -> 4 - 4 = 0
    loadi 3
    push
self:
    accijnz 0 0 -4 self
    pop
    print           ; 0
    ; wrapping: 2147483647 + 2 + 1
    loadi 2147483647
    push
    loadi 2
    push
wrap:
    accijnz 1 0 -1 wrap
    print           ; 0
    pop
    pop
    print           ; -2147483646
    ; a counter that wraps to the lowest int is not 0: the jump is taken
    loadi 0
    push
    loadi 2147483647
    push
    accijnz 1 0 1 wrapped
    stop
wrapped:
    print           ; -2147483648
    loadi 42
    print
    stop
