; addret r reads slot r, the return address, with no depth check (the
; loader's guard is below the stack): a slot below the stack is a stack
; underflow, changing nothing.
; expect-fault: stack underflow
main:
    loadi 1
    call f
    stop
f:                  ; S: R
    push            ; S: R 1
    loadi 2
    addret 3
