; not of an int (0 is not false)
; expect-fault: wrong kind: not expects bool, got int
main:
    loadi 0
    not
    print
