; addf of an int and a float
; expect-fault: wrong kind: addf expects float, got int
main:
    loadi 1
    push
    loadf 1.0
    addf
    print
