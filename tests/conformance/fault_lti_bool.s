; a compare-with-immediate of a bool: wrong kind, named after the instruction
; expect-fault: fault at pc 2: wrong kind: lti expects int, got bool
main:
    loadb 1
    lti 3
    stop
