; gotofalse L: b := env; env := pop(); if b is false jump to L
; expect: 7
; expect: 8
; expect: 9
; expect: 100
main:
    loadi 100
    push            ; marker: each gotofalse pops exactly one value
    loadi 7
    push
    loadb 0
    gotofalse l1    ; jumps, env = 7
    loadi 99
    print
l1:
    print           ; 7
    loadi 8
    push
    loadb 1
    gotofalse l2    ; falls through, env = 8
    print           ; 8
    goto l3
l2:
    loadi 98
    print
l3:
    loadi 9
    push
    push
    loadi 10
    lt              ; 9 < 10: true
    gotofalse l4    ; falls through, env = 9
    print           ; 9
l4:
    pop
    print           ; 100
    stop
