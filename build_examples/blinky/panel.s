; panel: the high-criticality container of the blinky product.  LED0
; follows BUTTON0: each edge of the button (1 press, 0 release) arrives as
; a message, and is written to the LED at once, whatever blink is doing.
main:
    channel
    push
    push
    loadi @BUTTON0
    bind                ; S: button
    channel
    push
    push
    loadi @LED0
    bind                ; S: button, led
edge:
    peek 1              ; env = button
    recvevt
    sync                ; env = the edge: 1 press, 0 release
    push                ; S: button, led, edge
    peek 1              ; env = led
    push                ; S: button, led, edge, led
    peek 1              ; env = edge
    sendevt             ; S: button, led, edge
    sync                ; LED0 := edge
    pop                 ; S: button, led
    goto edge
