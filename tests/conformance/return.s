; return: jump to the return address popped from S (from call and from app)
; expect: 1
; expect: 2
; expect: 3
; expect: 4
; expect: 5
; expect: 6
; expect: 7
; expect: 1000
main:
    loadi 1
    print
    call a          ; prints 2 and 3
    loadi 4
    print
    comb b
    push
    loadi 5
    app             ; prints 5, calls c which prints 6
    print           ; 7
    loadi 0
    call deep
    goto finish
a:
    loadi 2
    print
    call a2
    return
a2:
    loadi 3
    print
    return
b:                  ; env = ((), 5)
    snd
    print           ; 5
    call c
    inc
    return
c:
    inc
    print           ; 6
    return
deep:               ; recursion 1000 deep: each level returns to the right place
    push
    push
    loadi 1000
    lt
    gotofalse deep_end
    inc
    call deep
    return
deep_end:
    return
finish:             ; env = 1000 from the deepest level
    print           ; 1000
    stop
