; clear: env := ()
; expect: ()
; expect: ()
; expect: (3, ())
main:
    loadi 3
    clear
    print
    loadi 3
    push
    loadi 4
    cons
    clear
    print
    loadi 3
    push
    clear           ; the stack is untouched
    cons
    print
    stop
