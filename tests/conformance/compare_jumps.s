; jeqi jnei jlti jlei jgti jgei k L: jump to L when env OP k (signed),
; env and the stack unchanged; each case prints env, then taken/not taken.
; expect: 3
; expect: true
; expect: 3
; expect: false
; expect: 3
; expect: true
; expect: 3
; expect: false
; expect: -1
; expect: true
; expect: 0
; expect: false
; expect: 0
; expect: true
; expect: 1
; expect: false
; expect: 1
; expect: true
; expect: 0
; expect: false
; expect: 0
; expect: true
; expect: -2147483648
; expect: false
; expect: -2147483648
; expect: true
; expect: 2147483647
; expect: true
; expect: 77
; the stack is untouched: the 77 pushed first is still there
main:
    loadi 77
    push
    loadi 3
    jeqi 3 t0
    print
    loadb 0
    print
    goto n0
t0:
    print
    loadb 1
    print
n0:
    loadi 3
    jeqi 4 t1
    print
    loadb 0
    print
    goto n1
t1:
    print
    loadb 1
    print
n1:
    loadi 3
    jnei 4 t2
    print
    loadb 0
    print
    goto n2
t2:
    print
    loadb 1
    print
n2:
    loadi 3
    jnei 3 t3
    print
    loadb 0
    print
    goto n3
t3:
    print
    loadb 1
    print
n3:
    loadi -1
    jlti 0 t4
    print
    loadb 0
    print
    goto n4
t4:
    print
    loadb 1
    print
n4:
    loadi 0
    jlti 0 t5
    print
    loadb 0
    print
    goto n5
t5:
    print
    loadb 1
    print
n5:
    loadi 0
    jlei 0 t6
    print
    loadb 0
    print
    goto n6
t6:
    print
    loadb 1
    print
n6:
    loadi 1
    jlei 0 t7
    print
    loadb 0
    print
    goto n7
t7:
    print
    loadb 1
    print
n7:
    loadi 1
    jgti 0 t8
    print
    loadb 0
    print
    goto n8
t8:
    print
    loadb 1
    print
n8:
    loadi 0
    jgti 0 t9
    print
    loadb 0
    print
    goto n9
t9:
    print
    loadb 1
    print
n9:
    loadi 0
    jgei 0 t10
    print
    loadb 0
    print
    goto n10
t10:
    print
    loadb 1
    print
n10:
    loadi -2147483648
    jgei -1 t11
    print
    loadb 0
    print
    goto n11
t11:
    print
    loadb 1
    print
n11:
    loadi -2147483648
    jlti 2147483647 t12
    print
    loadb 0
    print
    goto n12
t12:
    print
    loadb 1
    print
n12:
    loadi 2147483647
    jgti -2147483648 t13
    print
    loadb 0
    print
    goto n13
t13:
    print
    loadb 1
    print
n13:
    pop
    print
    stop
