; switch2n of an int (not a constructor)
; expect-fault: wrong kind: switch2n expects constructor, got int
main:
    loadi 1
    switch2n l
l:
    stop
