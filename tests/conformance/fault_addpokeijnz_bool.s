; addpokeijnz on a slot that is not an int faults (nothing written, no jump);
; under the stack it is an underflow.
; expect-fault: wrong kind: addpokeijnz expects int, got bool
main:
    loadb 1
    push
    addpokeijnz 0 -1 main
    stop
