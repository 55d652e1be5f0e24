; a slot compare-and-branch on a bool faults.
main:
    loadi 1
    push
    loadb 1
    push
    jlts 1 0 x
x:  stop
; expect-fault: wrong kind: jlts expects int, got bool
