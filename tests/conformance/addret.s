; addret l a: env := pop() + env (ints, wrapping); then ret l a: drop l
; values, pop the return address, drop a values, jump to it.
; expect: 35
; expect: 9
; expect: -2147483648
main:
    loadi 9
    push            ; a marker
    loadi 5
    push            ; an argument under the return address (a = 1)
    call f
    print           ; 5 + 30
    pop
    print           ; 9: the argument and f's local are gone, the marker is left
    loadi 2147483647
    push
    call g
    print           ; wraps
    stop
f:                  ; S: 9 5 R
    loadi 7
    push            ; a local (l = 1): S: 9 5 R 7
    peek 2          ; the argument, 5
    push            ; the operand: S: 9 5 R 7 5
    loadi 30
    addret 1 1
g:                  ; S: MAX R
    peek 1
    push            ; S: MAX R MAX
    loadi 1
    addret 0 1
