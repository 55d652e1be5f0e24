; call L: push a return address and jump to L; env is unchanged
; expect: 1
; expect: 2
; expect: 3
; expect: 4
; expect: 3628800
; expect: 1932053504
; expect: 55
main:
    loadi 55
    push            ; marker
    loadi 1
    call f
    print           ; 4
    loadi 10
    call fact
    print           ; 3628800
    loadi 13
    call fact       ; 6227020800 wraps modulo 2^32
    print           ; 1932053504
    pop
    print           ; 55
    stop
f:
    print           ; 1: env passes through call unchanged
    inc
    call g
    print           ; 3
    inc
    return
g:
    print           ; 2
    inc
    return
fact:               ; env = n, S: ... ret
    push
    push            ; S: ret n n
    loadi 1
    le              ; n <= 1
    gotofalse fact_rec  ; env = n, S: ret
    loadi 1
    return
fact_rec:
    push            ; S: ret n
    dec
    call fact       ; env = fact (n - 1), S: ret n
    mul
    return
