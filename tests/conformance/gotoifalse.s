; gotoifalse L: if env is false jump to L; env unchanged, nothing popped
; expect: false
; expect: true
; expect: true
; expect: 100
main:
    loadi 100
    push            ; marker: gotoifalse pops nothing
    loadb 0
    gotoifalse l1   ; jumps, env = false
    loadi 99
    print
l1:
    print           ; false
    loadb 1
    gotoifalse l2   ; falls through, env = true
    print           ; true
    goto l3
l2:
    loadi 98
    print
l3:
    gotoifalse l4   ; env still true: falls through
    print           ; true
l4:
    pop
    print           ; 100
    stop
