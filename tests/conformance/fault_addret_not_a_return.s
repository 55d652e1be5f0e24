; addret's slot r must hold a return address.
; expect-fault: wrong kind: addret expects return address, got int
main:
    loadi 1
    push
    loadi 2
    push
    loadi 3
    addret 1
