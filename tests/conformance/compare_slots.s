; jeqs jnes jlts jles jgts jges a b L: jump to L when slot a OP slot b
; (signed ints, 0 = the top of S), env and S unchanged.  For each pair
; (x in slot 1, y in slot 0) and each OP: prints 1 when taken, else 0;
; then env (77, kept) and the stack's two values.
main:
    loadi 3
    push
    loadi 3
    push
    loadi 77
    jeqs 1 0 t1
    loadi 0
    goto p1
t1:
    loadi 1
p1:
    print
    loadi 77
    jnes 1 0 t2
    loadi 0
    goto p2
t2:
    loadi 1
p2:
    print
    loadi 77
    jlts 1 0 t3
    loadi 0
    goto p3
t3:
    loadi 1
p3:
    print
    loadi 77
    jles 1 0 t4
    loadi 0
    goto p4
t4:
    loadi 1
p4:
    print
    loadi 77
    jgts 1 0 t5
    loadi 0
    goto p5
t5:
    loadi 1
p5:
    print
    loadi 77
    jges 1 0 t6
    loadi 0
    goto p6
t6:
    loadi 1
p6:
    print
    loadi 77
    jeqs 0 0 k6
k6:
    print
    pop
    print
    pop
    print
    loadi -1
    push
    loadi 2
    push
    loadi 77
    jeqs 1 0 t7
    loadi 0
    goto p7
t7:
    loadi 1
p7:
    print
    loadi 77
    jnes 1 0 t8
    loadi 0
    goto p8
t8:
    loadi 1
p8:
    print
    loadi 77
    jlts 1 0 t9
    loadi 0
    goto p9
t9:
    loadi 1
p9:
    print
    loadi 77
    jles 1 0 t10
    loadi 0
    goto p10
t10:
    loadi 1
p10:
    print
    loadi 77
    jgts 1 0 t11
    loadi 0
    goto p11
t11:
    loadi 1
p11:
    print
    loadi 77
    jges 1 0 t12
    loadi 0
    goto p12
t12:
    loadi 1
p12:
    print
    loadi 77
    jeqs 0 0 k12
k12:
    print
    pop
    print
    pop
    print
    loadi 2
    push
    loadi -1
    push
    loadi 77
    jeqs 1 0 t13
    loadi 0
    goto p13
t13:
    loadi 1
p13:
    print
    loadi 77
    jnes 1 0 t14
    loadi 0
    goto p14
t14:
    loadi 1
p14:
    print
    loadi 77
    jlts 1 0 t15
    loadi 0
    goto p15
t15:
    loadi 1
p15:
    print
    loadi 77
    jles 1 0 t16
    loadi 0
    goto p16
t16:
    loadi 1
p16:
    print
    loadi 77
    jgts 1 0 t17
    loadi 0
    goto p17
t17:
    loadi 1
p17:
    print
    loadi 77
    jges 1 0 t18
    loadi 0
    goto p18
t18:
    loadi 1
p18:
    print
    loadi 77
    jeqs 0 0 k18
k18:
    print
    pop
    print
    pop
    print
    loadi -2147483648
    push
    loadi 2147483647
    push
    loadi 77
    jeqs 1 0 t19
    loadi 0
    goto p19
t19:
    loadi 1
p19:
    print
    loadi 77
    jnes 1 0 t20
    loadi 0
    goto p20
t20:
    loadi 1
p20:
    print
    loadi 77
    jlts 1 0 t21
    loadi 0
    goto p21
t21:
    loadi 1
p21:
    print
    loadi 77
    jles 1 0 t22
    loadi 0
    goto p22
t22:
    loadi 1
p22:
    print
    loadi 77
    jgts 1 0 t23
    loadi 0
    goto p23
t23:
    loadi 1
p23:
    print
    loadi 77
    jges 1 0 t24
    loadi 0
    goto p24
t24:
    loadi 1
p24:
    print
    loadi 77
    jeqs 0 0 k24
k24:
    print
    pop
    print
    pop
    print
    stop
; expect: 1
; expect: 0
; expect: 0
; expect: 1
; expect: 0
; expect: 1
; expect: 77
; expect: 3
; expect: 3
; expect: 0
; expect: 1
; expect: 1
; expect: 1
; expect: 0
; expect: 0
; expect: 77
; expect: 2
; expect: -1
; expect: 0
; expect: 1
; expect: 0
; expect: 0
; expect: 1
; expect: 1
; expect: 77
; expect: -1
; expect: 2
; expect: 0
; expect: 1
; expect: 1
; expect: 1
; expect: 0
; expect: 0
; expect: 77
; expect: 2147483647
; expect: -2147483648
