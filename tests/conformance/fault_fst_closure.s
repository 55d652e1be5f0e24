; fst of a closure (made by cur) is a wrong-kind fault: a closure is not a pair
; expect-fault: wrong kind: fst expects pair, got closure
main:
    loadi 1
    push
    loadi 2
    cons
    cur f
    fst
    print
f:
    return
