; pushaddi on a value that is no int faults.
; expect-fault: wrong kind
main:
    clear
    pushaddi 1
    stop
