; print of long and deeply nested values: the whole value on one line, whatever
; its length: lists of 40 and 100 elements (longer than a small line buffer,
; nested deeper than a small print stack); see also print_deep_left.s
; expect: (1, (2, (3, (4, (5, (6, (7, (8, (9, (10, (11, (12, (13, (14, (15, (16, (17, (18, (19, (20, (21, (22, (23, (24, (25, (26, (27, (28, (29, (30, (31, (32, (33, (34, (35, (36, (37, (38, (39, (40, ()))))))))))))))))))))))))))))))))))))))))
; expect: (1, (2, (3, (4, (5, (6, (7, (8, (9, (10, (11, (12, (13, (14, (15, (16, (17, (18, (19, (20, (21, (22, (23, (24, (25, (26, (27, (28, (29, (30, (31, (32, (33, (34, (35, (36, (37, (38, (39, (40, (41, (42, (43, (44, (45, (46, (47, (48, (49, (50, (51, (52, (53, (54, (55, (56, (57, (58, (59, (60, (61, (62, (63, (64, (65, (66, (67, (68, (69, (70, (71, (72, (73, (74, (75, (76, (77, (78, (79, (80, (81, (82, (83, (84, (85, (86, (87, (88, (89, (90, (91, (92, (93, (94, (95, (96, (97, (98, (99, (100, ()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
main:
    loadi 40
    call mklist
    print
    loadi 100
    call mklist
    print
    stop

mklist:             ; env = n: the list (1, (2, ... (n, ()))), built from the back
    move
    snoc            ; state ((), n), S: ret
mk_loop:            ; env = st = (list, i), S: ret
    push
    push
    snd
    push
    loadi 0
    gt              ; i > 0
    gotofalse mk_done  ; env = st, S: ret st
    push            ; S: ret st st
    snd             ; i
    swap            ; env = st, S: ret st i
    fst             ; list
    cons            ; (i, list), S: ret st
    swap            ; env = st, S: ret newlist
    snd
    dec
    cons            ; (newlist, i - 1), S: ret
    goto mk_loop
mk_done:
    pop
    fst
    return
