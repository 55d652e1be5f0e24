; a compare-and-branch on a bool faults.
main:
    loadb 1
    push
    loadi 2
    jlt x
x:  stop
; expect-fault: wrong kind
