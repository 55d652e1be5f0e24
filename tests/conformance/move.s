; move: push env; env := ()
; expect: ()
; expect: 5
; expect: (5, ())
; expect: (6, 7)
main:
    loadi 5
    move
    print           ; ()
    pop
    print           ; 5
    move            ; S: 5, env = ()
    cons            ; (5, ())
    print
    loadi 6
    move            ; S: 6
    loadi 7
    cons            ; (6, 7)
    print
    stop
