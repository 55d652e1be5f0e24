; tailcall n l a L: a loop that counts down in constant stack (a frame of
; 1 argument under R and 1 local; 1 new argument), with a small stack.
; stack-depth: 16
main:
    loadi 100000
    push            ; argument 1: i
    loadi 0         ; argument 2: acc, in env
    call loop
    print
    stop
loop:               ; S = [i R], env = acc
    push            ; S = [i R acc]
    peek 2          ; i
    jnei 0 again
    peek 0
    ret 1 1
again:              ; env = i
    dec
    push            ; new i
    peek 1          ; acc
    inc             ; new acc in env
    tailcall 1 1 1 loop
; expect: 100000
