; poke n with fewer than n+1 values on the stack faults (nothing written).
; expect: 1
; expect-fault: stack underflow
main:
    loadi 1
    push
    print
    poke 1
    stop
