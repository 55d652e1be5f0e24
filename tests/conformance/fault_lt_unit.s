; a comparison of () faults
; expect-fault: wrong kind: lt expects int, got unit
main:
    loadi 1
    push
    clear
    lt
    print
