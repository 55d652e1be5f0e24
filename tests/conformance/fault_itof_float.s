; itof of a float
; expect-fault: wrong kind: itof expects int, got float
main:
    loadf 1.0
    itof
    print
