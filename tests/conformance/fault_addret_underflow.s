; addret l a needs l + a + 2 values (the operand, l, the return address,
; a): with fewer it faults as a stack underflow, changing nothing.
; expect-fault: stack underflow
main:
    loadi 1
    push
    call f
    stop
f:                  ; S: 1 R
    push            ; S: 1 R 1: three values; addret 1 1 needs four
    addret 1 1
