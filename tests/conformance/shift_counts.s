; shift counts are taken modulo 32, computed at runtime for c = -3 .. 35:
; each line is (c, (1 shl c, (-2147483648 shr c, -2147483648 asr c)))
; expect: (-3, (536870912, (4, -4)))
; expect: (-2, (1073741824, (2, -2)))
; expect: (-1, (-2147483648, (1, -1)))
; expect: (0, (1, (-2147483648, -2147483648)))
; expect: (1, (2, (1073741824, -1073741824)))
; expect: (2, (4, (536870912, -536870912)))
; expect: (3, (8, (268435456, -268435456)))
; expect: (4, (16, (134217728, -134217728)))
; expect: (5, (32, (67108864, -67108864)))
; expect: (6, (64, (33554432, -33554432)))
; expect: (7, (128, (16777216, -16777216)))
; expect: (8, (256, (8388608, -8388608)))
; expect: (9, (512, (4194304, -4194304)))
; expect: (10, (1024, (2097152, -2097152)))
; expect: (11, (2048, (1048576, -1048576)))
; expect: (12, (4096, (524288, -524288)))
; expect: (13, (8192, (262144, -262144)))
; expect: (14, (16384, (131072, -131072)))
; expect: (15, (32768, (65536, -65536)))
; expect: (16, (65536, (32768, -32768)))
; expect: (17, (131072, (16384, -16384)))
; expect: (18, (262144, (8192, -8192)))
; expect: (19, (524288, (4096, -4096)))
; expect: (20, (1048576, (2048, -2048)))
; expect: (21, (2097152, (1024, -1024)))
; expect: (22, (4194304, (512, -512)))
; expect: (23, (8388608, (256, -256)))
; expect: (24, (16777216, (128, -128)))
; expect: (25, (33554432, (64, -64)))
; expect: (26, (67108864, (32, -32)))
; expect: (27, (134217728, (16, -16)))
; expect: (28, (268435456, (8, -8)))
; expect: (29, (536870912, (4, -4)))
; expect: (30, (1073741824, (2, -2)))
; expect: (31, (-2147483648, (1, -1)))
; expect: (32, (1, (-2147483648, -2147483648)))
; expect: (33, (2, (1073741824, -1073741824)))
; expect: (34, (4, (536870912, -536870912)))
; expect: (35, (8, (268435456, -268435456)))
main:
    loadi -3        ; c
loop:               ; env = c, S: empty
    push
    push
    loadi 36
    lt
    gotofalse done  ; env = c
    move
    snoc            ; E0 = ((), c)
    push
    push
    loadi -2147483648
    swap            ; env = E0, S: E0 INT_MIN
    acc 0           ; c
    asr             ; a = INT_MIN asr c
    cons            ; E1 = (E0, a)
    push
    push
    loadi -2147483648
    swap
    acc 1           ; c
    shr             ; s = INT_MIN shr c
    cons            ; E2 = (E1, s)
    push
    push
    loadi 1
    swap
    acc 2           ; c
    shl             ; l = 1 shl c
    cons            ; E3 = (E2, l)
    push
    push
    push            ; S: E3 E3 E3
    acc 2           ; a
    swap
    acc 1           ; s
    snoc            ; (s, a)
    swap
    acc 0           ; l
    snoc            ; (l, (s, a))
    swap
    acc 3           ; c
    snoc            ; (c, (l, (s, a)))
    print
    fst
    inc
    goto loop
done:
    stop
