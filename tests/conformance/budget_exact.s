; A program that passes exactly as many branch points as its budget runs to
; its end: ten rounds of a loop pass nine taken jlti branches (the tenth
; falls through), and the budget is nine.  (fault_budget.s: one more faults.)
; budget: 9
; expect: 10
main:
    loadi 0
top:
    addi 1
    jlti 10 top
    print
    stop
