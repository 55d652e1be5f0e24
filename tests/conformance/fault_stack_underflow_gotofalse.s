; gotofalse pops: on an empty stack it underflows
; expect-fault: stack underflow
main:
    loadb 1
    gotofalse l
l:
    print
