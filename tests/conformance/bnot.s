; bnot: env := ~env
; expect: -1
; expect: -6
; expect: 0
; expect: 2147483647
; expect: -2147483648
; expect: 5
main:
    loadi 0
    bnot
    print           ; bnot 0
    loadi 5
    bnot
    print           ; bnot 5
    loadi -1
    bnot
    print           ; bnot -1
    loadi -2147483648
    bnot
    print           ; bnot -2147483648
    loadi 2147483647
    bnot
    print           ; bnot 2147483647
    loadi -6
    bnot
    print           ; bnot -6
    stop
