; switch with no case for the tag and no _
; expect: (1, 0)
; expect-fault: no matching case
main:
    loadi 1
    push
    loadi 0
    pack 0
    switch 0 l0 1 l1
l0:
    print           ; (1, 0)
    loadi 2
    push
    loadi 0
    pack 2
    switch 0 l0 1 l1
l1:
    print
