; shl with a closure as count
; expect-fault: wrong kind: shl expects int, got closure
main:
    loadi 1
    push
    comb f
    shl
    print
f:
    return
