; control: the high-criticality periodic task of the demo product.
; Every 10 ms it runs its control law (here a fixed 200-step computation)
; and sleeps; once every 100 periods (a second) it prints #7(n), n the
; periods done.  Whatever the lower containers do, it is never late by
; more than the bound in docs/scheduling.md.
main:
    loadi 0
period:
    inc                 ; env = n
    push                ; S: n
    loadi 200           ; the control law
law:
    addi -1
    jgti 0 law
    peek 0              ; env = n
    push
    loadi 100
    mod
    jnei 0 rest         ; not a whole second yet
    peek 0
    pack 7
    print               ; #7(n)
rest:
    loadi 10000
    sleep               ; 10 ms
    pop                 ; env = n
    goto period
