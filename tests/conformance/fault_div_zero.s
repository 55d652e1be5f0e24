; div by zero faults; what was printed before stays on stdout
; expect: 3
; expect-fault: division by zero
main:
    loadi 7
    push
    loadi 2
    div
    print
    loadi 7
    push
    loadi 0
    div
    print
