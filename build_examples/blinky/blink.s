; blink: the low-criticality container of the blinky product.  Every
; 250 ms (a synct release: no drift) it toggles LED1, then computes for a
; while (a stand-in for its real work) and waits for its next release.
main:
    channel
    push
    push
    loadi @LED1
    bind                ; S: led
    loadi 1
    eqi 0               ; env = false: the LED starts off
period:
    push                ; S: led, level
    peek 1              ; env = led
    push                ; S: led, level, led
    peek 1              ; env = level
    sendevt             ; S: led, level
    sync                ; LED1 := level
    loadi 20000         ; its work
work:
    addi -1
    jgti 0 work
    loadi 0
    push                ; S: led, level, deadline 0 (none)
    loadi 250000
    push                ; S: led, level, 0, baseline 250 ms
    loadi 0
    afterevt            ; an event that commits at the release
    synct               ; the next multiple of 250 ms
    pop                 ; env = level, S: led
    not
    goto period
