; unbounded recursion with call overflows the stack
; expect-fault: stack overflow
main:
    loadi 0
rec:
    inc
    call rec
    print
