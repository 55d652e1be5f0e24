; addret r: env := slot 0 + env (ints, wrapping); slot r is the return
; address: drop slots 0..r and jump to it (add; ret r-1 0).
; expect: 35
; expect: 9
; expect: -2147483648
main:
    loadi 9
    push            ; a marker
    loadi 5
    call f
    print           ; 5 + 30
    pop
    print           ; 9: f's local, its operand and the return address are gone
    loadi 2147483647
    call g
    print           ; wraps
    stop
f:                  ; env 5, S: 9 R
    push            ; a local: S: 9 R 5
    push            ; the operand: S: 9 R 5 5, R is slot 2
    loadi 30
    addret 2
g:                  ; env MAX, S: R
    push            ; the operand; R is slot 1
    loadi 1
    addret 1
