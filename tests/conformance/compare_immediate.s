; eqi nei lti lei gti gei k = push; loadi k; eq/ne/lt/le/gt/ge (signed)
; expect: true
; expect: false
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
; expect: true
; expect: true
; expect: false
main:
    loadi -3
    eqi -3
    print
    loadi -3
    nei -3
    print
    loadi -3
    lti -3
    print
    loadi -3
    lei -3
    print
    loadi -3
    lti 0
    print
    loadi -3
    gti 0
    print
    loadi 5
    gti -2147483648
    print
    loadi 5
    gei 5
    print
    loadi 4
    gei 5
    print
    loadi 7
    nei 8
    print
    loadi -2147483648
    lti 0
    print
    loadi 2147483647
    lti -1
    print
    stop
