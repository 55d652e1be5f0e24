; ret l a: drop l locals, return, drop a arguments under the return address.
main:
    loadi 5
    push
    loadi 10
    push            ; argument 1
    loadi 20        ; argument 2 in env
    call f
    print           ; 30
    pop             ; the stack holds only 5 again
    print
    stop
f:                  ; S = [.. 10 R], env = 20
    push            ; S = [.. 10 R 20]
    pushpeek 3      ; S = [.. 10 R 20 20], env = 10
    add             ; env = 30, S = [.. 10 R 20]
    ret 1 1
; expect: 30
; expect: 5
