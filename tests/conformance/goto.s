; goto L: jump to L (forward and backward)
; expect: 1
; expect: 3
; expect: 2
; expect: 1
; expect: 0
main:
    loadi 1
    print
    goto fwd
    loadi 99
    print
fwd:
    loadi 3         ; count down 3, 2, 1, 0 with a backward goto
back:
    print
    push
    push
    loadi 0
    eq
    gotofalse more  ; env = n
    stop
more:
    dec
    goto back
