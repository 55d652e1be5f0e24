; sndpop's slot must be on the stack: one value, slot 1 is not
; expect-fault: stack underflow
main:
    loadi 1
    push
    sndpop 1
    stop
