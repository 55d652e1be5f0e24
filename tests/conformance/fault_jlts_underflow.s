; jlts with its second slot below the stack: an underflow, even though the
; first slot holds an int and the guard's value is ().
; expect-fault: stack underflow
main:
    loadi 1
    push
    jlts 0 1 x
x:  stop
