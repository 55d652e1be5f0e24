; swap on an empty stack
; expect: 2
; expect-fault: stack underflow
main:
    loadi 1
    push
    loadi 2
    swap
    pop
    print           ; 2
    swap
    print
