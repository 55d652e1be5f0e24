; addpoke faults on a slot that holds no int, and changes nothing.
; expect-fault: wrong kind
main:
    loadi 1
    push
    loadb 1
    push
    addpoke 1 0
    stop
