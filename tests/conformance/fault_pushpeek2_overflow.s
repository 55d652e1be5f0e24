; pushpeek2 needs room for two values.
; stack-depth: 2
main:
    loadi 1
    push
    pushpeek2 0 0
    stop
; expect-fault: stack overflow
