; a slot compare-and-branch past the bottom of the stack faults.
main:
    loadi 1
    push
    jges 0 1 x
x:  stop
; expect-fault: stack underflow
