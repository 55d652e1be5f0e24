; without a main label, execution starts at the first instruction
; expect: 1
; expect: 2
start:
    loadi 1
    print
    goto later
    loadi 99
    print
later:
    inc
    print
    stop
