; a compare-and-branch of a non-int: wrong kind, named after the instruction
; expect-fault: fault at pc 1: wrong kind: jlti expects int, got unit
main:
    clear
    jlti 0 main
    stop
