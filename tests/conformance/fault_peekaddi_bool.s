; peekaddi of a bool in a stack slot is a wrong-kind fault
main:
    loadb 1
    push
    peekaddi 0 1
    print
    stop
; expect-fault: wrong kind: peekaddi expects int, got bool
