; cells reachable only from the stack are live too: pairs pushed one by one
; exhaust a small heap
; heap-cells: 64
; expect-fault: heap exhausted
main:
    loadi 1
loop:
    push
    loadi 2
    cons            ; a fresh pair, whose only reference ends up on the stack
    push
    loadi 3
    goto loop
