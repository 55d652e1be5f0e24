; pack t: env := constructor(t, env); printed #t(payload)
; expect: #3(7)
; expect: #0(())
; expect: #1(#0(()))
; expect: #2(#1(#0(5)))
; expect: #65534(-1)
; expect: #2((1, 2))
; expect: #5(<closure>)
; expect: #4(true)
; expect: (#0(()), #1(2))
; expect: #1((#0(()), #1(#2(3))))
; expect: #0(1.5)
; expect: #9(#9(#9(#9(0))))
main:
    loadi 7
    pack 3
    print           ; #3(7)
    clear
    pack 0
    print           ; #0(())
    pack 1
    print           ; #1(#0(()))
    loadi 5
    pack 0
    pack 1
    pack 2
    print           ; #2(#1(#0(5)))
    loadi -1
    pack 65534
    print
    loadi 1
    push
    loadi 2
    cons
    pack 2
    print           ; #2((1, 2))
    comb f
    pack 5
    print
    loadb 1
    pack 4
    print
    clear
    pack 0
    push
    loadi 2
    pack 1
    cons            ; (#0(()), #1(2))
    print
    push            ; keep it
    clear
    pack 0
    swap            ; env = the pair, S: #0(())
    snd             ; #1(2)
    switchi 1 got2
got2:               ; env = 2
    inc
    pack 2
    pack 1          ; #1(#2(3))
    cons            ; (#0(()), #1(#2(3)))
    pack 1
    print
    loadf 1.5
    pack 0
    print
    loadi 0
    pack 9
    pack 9
    pack 9
    pack 9
    print
    stop
f:
    return
