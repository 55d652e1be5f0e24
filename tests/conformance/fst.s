; fst: env := a where env = (a, b)
; expect: 1
; expect: (1, 2)
; expect: 1
; expect: <closure>
; expect: #4(9)
main:
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    fst
    print           ; 1
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    push
    loadi 3
    cons            ; ((1, 2), 3)
    fst
    print           ; (1, 2)
    fst
    print           ; 1
    comb f
    push
    clear
    cons            ; (<closure>, ())
    fst
    print           ; <closure>
    loadi 9
    pack 4
    push
    loadi 0
    cons            ; (#4(9), 0)
    fst
    print           ; #4(9)
    stop
f:
    return
