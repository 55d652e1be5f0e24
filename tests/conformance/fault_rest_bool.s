; rest n faults when it meets a non-pair
; expect-fault: wrong kind: rest expects pair, got bool
main:
    loadb 1
    push
    loadi 1
    cons            ; (true, 1)
    rest 2
    print
