; tak: Takeuchi's function, tak 18 12 6 = 7.
;
;   tak x y z = if y < x then tak (tak (x-1) y z) (tak (y-1) z x) (tak (z-1) x y)
;               else z
;
; The ISA reaches only env and the top of the stack (no "over"), so three
; live arguments travel as one environment tuple, as a CAM compiler would
; pass them: env = e = ((x, y), z), read with
;   x = rest 2     y = acc 1     z = snd
; A tuple is built with the CAM pattern `push; push; A; swap; B; cons; swap;
; C; cons` (two cells per call).  The outer call is a tail call (`goto`).

main:
    loadi 18
    push
    loadi 12
    cons                ; (18, 12)
    push
    loadi 6
    cons                ; ((18, 12), 6)
    call tak
    print
    stop

tak:                    ; env = e, S = [.. R]
    push                ; [R e]
    push                ; [R e e]
    acc 1               ; y
    swap                ; env = e, [R e y]
    rest 2              ; x
    lt                  ; env = y < x, [R e]
    gotofalse Lz        ; env = e, [R]
    ; a1 = tak (x-1) y z; two more copies of e stay below for a2 and a3
    push
    push
    push
    push                ; [R e e e e]
    rest 2
    dec                 ; x-1
    swap                ; env = e, [R e e e x-1]
    acc 1               ; y
    cons                ; (x-1, y), [R e e e]
    swap                ; env = e, [R e e (x-1, y)]
    snd                 ; z
    cons                ; ((x-1, y), z), [R e e]
    call tak            ; env = a1, [R e e]
    swap                ; env = e, [R e a1]
    ; a2 = tak (y-1) z x
    push
    push                ; [R e a1 e e]
    acc 1
    dec                 ; y-1
    swap                ; env = e, [R e a1 e y-1]
    snd                 ; z
    cons                ; (y-1, z), [R e a1 e]
    swap                ; env = e, [R e a1 (y-1, z)]
    rest 2              ; x
    cons                ; ((y-1, z), x), [R e a1]
    call tak            ; env = a2, [R e a1]
    cons                ; (a1, a2), [R e]
    swap                ; env = e, [R (a1, a2)]
    ; a3 = tak (z-1) x y
    push
    push                ; [R (a1, a2) e e]
    snd
    dec                 ; z-1
    swap                ; env = e, [R (a1, a2) e z-1]
    rest 2              ; x
    cons                ; (z-1, x), [R (a1, a2) e]
    swap                ; env = e, [R (a1, a2) (z-1, x)]
    acc 1               ; y
    cons                ; ((z-1, x), y), [R (a1, a2)]
    call tak            ; env = a3, [R (a1, a2)]
    cons                ; ((a1, a2), a3), [R]
    goto tak            ; tail call
Lz:                     ; env = e, [R]
    snd                 ; z
    return
