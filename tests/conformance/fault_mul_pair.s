; mul of a pair
; expect-fault: wrong kind: mul expects int, got pair
main:
    loadi 2
    push
    loadi 1
    push
    loadi 2
    cons
    mul
    print
