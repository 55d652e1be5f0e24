; app with no function on the stack
; expect-fault: stack underflow
main:
    loadi 1
    app
    print
