; callgei on a bool faults: its test is on ints.
; expect-fault: wrong kind: callgei expects int, got bool
main:
    loadb 1
    callgei 2 main
    stop
