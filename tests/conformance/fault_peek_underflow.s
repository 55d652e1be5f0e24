; peek past the bottom of the stack: stack underflow
; expect-fault: fault at pc 9: stack underflow
main:
    loadi 1
    push
    push            ; S = [1, 1]
    peek 1          ; fine
    peek 2          ; only two values
    stop
