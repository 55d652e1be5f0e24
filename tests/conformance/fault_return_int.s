; return when the top of the stack is not a return address
; expect: 1
; expect-fault: wrong kind: return expects return address, got int
main:
    call f
    stop
f:
    loadi 1
    print
    push            ; an int above the return address
    return
