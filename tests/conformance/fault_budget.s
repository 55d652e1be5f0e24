; A container that passes more branch points than its budget faults: a
; runaway loop ends instead of holding the processor.  The loop prints its
; counter every 100 rounds.  A round passes two branch points (the taken
; gotofalse and the goto), one when it prints: rounds 1..200 pass 398, and
; round 201 reaches 400 at its goto, whose target (loop, pc 5) is where the
; container stops.
; budget: 400
; expect: 100
; expect: 200
; expect-fault: fault at pc 5: budget exceeded
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
