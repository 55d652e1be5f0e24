; rest n: n times fst
; expect: ((((), 10), 20), 30)
; expect: (((), 10), 20)
; expect: ((), 10)
; expect: ()
; expect: 7
main:
    clear
    push
    loadi 10
    cons
    push
    loadi 20
    cons
    push
    loadi 30
    cons            ; ((((), 10), 20), 30)
    push
    rest 0          ; unchanged
    print
    pop
    push
    rest 1
    print           ; (((), 10), 20)
    pop
    push
    rest 2
    print           ; ((), 10)
    pop
    rest 3
    print           ; ()
    loadi 7
    rest 0          ; rest 0 of a non-pair is the value itself
    print           ; 7
    stop
