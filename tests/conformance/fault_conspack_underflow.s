; conspack needs a value on the stack.
; expect-fault: stack underflow
main:
    loadi 1
    conspack 0
    stop
