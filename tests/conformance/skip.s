; skip: no operation (env and stack unchanged)
; expect: 3
; expect: (1, 2)
main:
    loadi 1
    push
    loadi 3
    skip
    skip
    print           ; 3
    loadi 2
    skip
    cons            ; (1, 2): the stack still held 1
    print
    skip
    stop
