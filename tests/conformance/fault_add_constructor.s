; a constructor whose payload is an int is not an int
; expect-fault: wrong kind: add expects int, got constructor
main:
    loadi 1
    push
    loadi 2
    pack 0
    add
    print
