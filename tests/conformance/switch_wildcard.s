; switch with the wildcard tag _: it matches any tag; cases are tried in order
; expect: (1, 5)
; expect: (2, 6)
; expect: (3, 7)
; expect: (4, (8, 9))
main:
    loadi 1
    push
    loadi 5
    pack 7
    switch 0 bad 1 bad _ w1     ; no exact match: the default
bad:
    loadi -1
    print
    stop
w1:
    print                       ; (1, 5)
    loadi 2
    push
    loadi 6
    pack 1
    switch _ w2 1 bad           ; _ first: it wins over an exact match after it
w2:
    print                       ; (2, 6)
    loadi 3
    push
    loadi 7
    pack 65534
    switch 0 bad 65534 w3 _ bad ; an exact match before _ wins
w3:
    print                       ; (3, 7)
    loadi 4
    push
    loadi 8
    push
    loadi 9
    cons
    pack 0
    switch _ w4
w4:
    print                       ; (4, (8, 9))
    stop
