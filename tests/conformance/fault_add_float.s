; an int instruction does not take floats
; expect-fault: wrong kind: add expects int, got float
main:
    loadf 1.0
    push
    loadf 2.0
    add
    print
