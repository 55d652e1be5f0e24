; a conditional return whose test holds needs l + a + 1 values.
; expect-fault: stack underflow
main:
    loadi 2
    push
    reteqi 2 1 0
    stop
