; synct gives a drift-free period: 10,000 periods of 1 ms with a release
; at logical time + 1000 us and an event that commits at once (after 0),
; doing 50 instructions of work each: the last release is at exactly
; 10,000 ms of the virtual clock, whatever the work took.  A context's
; logical time starts at 0.
; expect: 10000
main:
    loadi 0
period:
    inc
    push                ; S: n
    loadi 20
work:
    addi -1
    jgti 0 work
    loadi 0             ; deadline: none
    push
    loadi 1000          ; baseline: 1 ms after the last release
    push
    loadi 0
    afterevt
    synct
    pop
    jlti 10000 period
    print
    stop
