; ftoi of an int
; expect-fault: wrong kind: ftoi expects float, got int
main:
    loadi 1
    ftoi
    print
