; a conditional return whose test holds checks what it pops is a return
; address, as ret does.
; expect-fault: wrong kind
main:
    loadi 1
    push
    loadi 5
    retgei 2 0 0
    stop
