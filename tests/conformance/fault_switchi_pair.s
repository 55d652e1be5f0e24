; switchi of a pair (not a constructor)
; expect-fault: wrong kind: switchi expects constructor, got pair
main:
    loadi 1
    push
    loadi 2
    cons
    switchi _ l
l:
    print
