; reteqi retnei retlti retlei retgti retgei k l a: when env OP k (signed
; ints), return env as `ret l a` does (drop l values, pop the return
; address, drop a values); else go on, changing nothing.  Each op's
; function f_OP (one argument under R, one local) returns env when the
; test holds, else 1000 + env; called with -3, 2 and 5 against k = 2.
; Then the marker under the arguments shows the stack was left right.
; expect: 997
; expect: 2
; expect: 1005
; expect: -3
; expect: 1002
; expect: 5
; expect: -3
; expect: 1002
; expect: 1005
; expect: -3
; expect: 2
; expect: 1005
; expect: 997
; expect: 1002
; expect: 5
; expect: 997
; expect: 2
; expect: 5
; expect: 77
main:
    loadi 77
    push            ; the marker
    loadi 99
    push            ; the argument
    loadi -3
    call f_reteqi
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_reteqi
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_reteqi
    print
    loadi 99
    push            ; the argument
    loadi -3
    call f_retnei
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_retnei
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_retnei
    print
    loadi 99
    push            ; the argument
    loadi -3
    call f_retlti
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_retlti
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_retlti
    print
    loadi 99
    push            ; the argument
    loadi -3
    call f_retlei
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_retlei
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_retlei
    print
    loadi 99
    push            ; the argument
    loadi -3
    call f_retgti
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_retgti
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_retgti
    print
    loadi 99
    push            ; the argument
    loadi -3
    call f_retgei
    print
    loadi 99
    push            ; the argument
    loadi 2
    call f_retgei
    print
    loadi 99
    push            ; the argument
    loadi 5
    call f_retgei
    print
    pop
    print           ; 77
    stop
f_reteqi:
    push            ; a local
    reteqi 2 1 1
    addi 1000
    ret 1 1
f_retnei:
    push            ; a local
    retnei 2 1 1
    addi 1000
    ret 1 1
f_retlti:
    push            ; a local
    retlti 2 1 1
    addi 1000
    ret 1 1
f_retlei:
    push            ; a local
    retlei 2 1 1
    addi 1000
    ret 1 1
f_retgti:
    push            ; a local
    retgti 2 1 1
    addi 1000
    ret 1 1
f_retgei:
    push            ; a local
    retgei 2 1 1
    addi 1000
    ret 1 1
