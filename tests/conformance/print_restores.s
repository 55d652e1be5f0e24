; print walks structures by borrowing their fields and must restore every
; one: print a mix of pairs, boxed constructors (a constructor of a
; constructor) and plain constructors twice, then take it apart.
; expect: ((#2(#3(5)), #1((1, #0(())))), (<closure>, #7(true)))
; expect: ((#2(#3(5)), #1((1, #0(())))), (<closure>, #7(true)))
; expect: #2(#3(5))
; expect: 5
; expect: #1((1, #0(())))
; expect: #7(true)
main:
    loadi 5
    pack 3
    pack 2          ; #2(#3(5)): a box
    push
    clear
    pack 0
    push
    loadi 1
    snoc            ; (1, #0(()))
    pack 1
    cons            ; (#2(#3(5)), #1((1, #0(()))))
    push
    comb main
    push
    loadb 1
    pack 7
    cons            ; (<closure>, #7(true))
    cons
    print
    print
    push
    fst
    fst
    print           ; the box
    switchi 2 unbox
unbox:
    switchi 3 inner
inner:
    print           ; 5
    pop
    push
    fst
    snd
    print
    pop
    snd
    snd
    print
    stop
