; gotoifalse of ()
; expect-fault: wrong kind: gotoifalse expects bool, got unit
main:
    clear
    gotoifalse l
l:
    print
