; ret finds a value that is not a return address where R should be.
main:
    loadi 1
    push
    loadi 2
    push
    ret 1 0
; expect-fault: wrong kind
