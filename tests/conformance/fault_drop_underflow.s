; drop more values than the stack holds faults.
main:
    loadi 1
    push
    drop 2
    stop
; expect-fault: stack underflow
