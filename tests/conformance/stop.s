; stop: end the context; nothing after it runs, even with values on the
; stack or inside a call
; expect: 1
; expect: 2
main:
    loadi 1
    print
    push
    push
    call f
    loadi 3
    print
    stop
    loadi 4
    print
f:
    loadi 2
    print
    stop
    loadi 5
    print
    return
