; switch pops: on an empty stack it underflows (switchi would not)
; expect: 5
; expect-fault: stack underflow
main:
    loadi 5
    pack 1
    switchi 1 l1
l1:
    print           ; 5
    pack 1
    switch 1 l2
l2:
    print
