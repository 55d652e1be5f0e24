; A container may pass as many branch points as its budget; the next one
; faults: a runaway loop ends instead of holding the processor.  The loop
; prints its counter every 100 rounds.  A round passes two branch points
; (the taken gotofalse and the goto), one when it prints: rounds 1..200
; pass 398, round 201 brings it to 400, and round 202's gotofalse is the
; 401st: the fault names that branch (the gotofalse at pc 21).
; budget: 400
; expect: 100
; expect: 200
; expect-fault: fault at pc 21: budget exceeded
main:
    loadi 0
loop:
    inc
    push
    push
    loadi 100
    mod
    push
    loadi 0
    eq
    gotofalse skip
    print
    goto loop
skip:
    goto loop
