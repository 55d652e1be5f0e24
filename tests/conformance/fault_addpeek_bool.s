; addpeek of a bool in a stack slot is a wrong-kind fault
main:
    loadb 1
    push
    loadi 1
    addpeek 0
    print
    stop
; expect-fault: wrong kind: addpeek expects int, got bool
