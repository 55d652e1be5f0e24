; Superinstructions standing for a sequence that starts with push overflow
; exactly where that push would: with a stack of 16 values, 15 pushes
; leave room for one pushi, and the addi after it has none.
; stack-depth: 16
; expect: 1
; expect-fault: fault at pc 26: stack overflow
main:
    loadi 0
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push            ; 15 values
    pushi 1         ; the 16th
    print
    addi 1          ; would push a 17th
    stop
