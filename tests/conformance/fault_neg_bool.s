; a unary int instruction of a bool faults
; expect-fault: wrong kind: neg expects int, got bool
main:
    loadb 1
    neg
    print
