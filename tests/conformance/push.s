; push: push env (env unchanged); the stack is last in, first out
; expect: 3
; expect: 3
; expect: 2
; expect: 1
; expect: (1, 2)
main:
    loadi 1
    push
    loadi 2
    push
    loadi 3
    push
    print           ; 3: push leaves env unchanged
    pop
    print           ; 3
    pop
    print           ; 2
    pop
    print           ; 1
    loadi 1
    push
    push
    push            ; three copies of 1
    pop
    pop             ; one left
    loadi 2
    cons
    print           ; (1, 2): exactly one copy was left
    stop
