; app of an int: the function popped must be a closure
; expect-fault: wrong kind: app expects closure, got int
main:
    loadi 5
    push
    loadi 1
    app
    print
