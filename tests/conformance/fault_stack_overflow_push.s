; push in a loop overflows the stack, also with a small configured depth
; stack-depth: 64
; expect-fault: stack overflow
main:
    loadi 1
loop:
    push
    goto loop
