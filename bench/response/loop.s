; loop: the low-criticality container of the response bench, computing:
; an arithmetic loop that never yields and never allocates (x := 3x + 1,
; wrapping), eight instructions between two branch points.
main:
    loadi 1
again:
    push
    loadi 3
    mul                 ; env = 3x
    addi 1
    push
    loadi 5
    add
    addi -5             ; env = 3x + 1
    goto again
