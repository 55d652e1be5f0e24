; muli on a value that is no int faults.
; expect-fault: wrong kind
main:
    loadf 1.5
    muli 2
    stop
