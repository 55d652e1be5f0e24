; consslot n with fewer than n+1 values on the stack faults (nothing allocated or written).
; expect: 1
; expect-fault: stack underflow
main:
    loadi 1
    push
    print
    consslot 1 0
    stop
