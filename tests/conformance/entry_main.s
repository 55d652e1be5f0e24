; execution starts at the label main when there is one, wherever it is
; expect: 2
; expect: 3
helper:
    loadi 1
    print           ; never runs as the entry
    inc
    return
main:
    loadi 2
    print
    call helper2
    stop
helper2:
    inc
    print           ; 3
    return
