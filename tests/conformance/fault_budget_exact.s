; The same loop as budget_exact.s with a budget of eight: the ninth taken
; branch is one too many: the fault names that branch (jlti, pc 10).
; budget: 8
; expect-fault: fault at pc 10: budget exceeded
main:
    loadi 0
top:
    addi 1
    jlti 10 top
    print
    stop
