; add of a bool (in env) is a wrong-kind fault
; expect-fault: wrong kind: add expects int, got bool
main:
    loadi 1
    push
    loadb 1
    add
    print
