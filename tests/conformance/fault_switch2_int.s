; switch2 of an int (not a constructor)
; expect-fault: wrong kind: switch2 expects constructor, got int
main:
    loadi 1
    switch2 l
l:
    stop
