; app of a constructor whose payload is a closure
; expect-fault: wrong kind: app expects closure, got constructor
main:
    comb f
    pack 1
    push
    loadi 1
    app
    print
f:
    return
