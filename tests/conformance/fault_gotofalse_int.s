; gotofalse of an int
; expect-fault: wrong kind: gotofalse expects bool, got int
main:
    loadi 0
    push
    loadi 0
    gotofalse l
l:
    print
