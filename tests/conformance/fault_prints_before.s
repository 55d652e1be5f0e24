; what a program printed before its fault appears on stdout, in order
; expect: 1
; expect: (2, 3)
; expect: #4(5)
; expect-fault: wrong kind: fst expects pair, got int
main:
    loadi 1
    print
    loadi 2
    push
    loadi 3
    cons
    print
    loadi 5
    pack 4
    print
    loadi 6
    fst
    print
