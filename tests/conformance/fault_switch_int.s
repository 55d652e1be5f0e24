; switch of a non-constructor
; expect-fault: wrong kind: switch expects constructor, got int
main:
    loadi 1
    push
    loadi 5
    switch 0 l _ l
l:
    print
