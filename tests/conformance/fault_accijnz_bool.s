; accijnz on a slot that is not an int faults before it writes or jumps;
; the accumulator's slot as well as the counter's.
; expect-fault: wrong kind: accijnz expects int, got bool
main:
    loadi 3
    push
    loadb 1
    push
    accijnz 0 1 -1 main
    stop
