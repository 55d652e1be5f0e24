; appterm of a value that is not a closure faults.
main:
    loadi 1
    push
    loadi 2
    appterm 0 0
; expect-fault: wrong kind
