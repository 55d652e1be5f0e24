; with --stack-depth 64 exactly 64 values fit on the stack, and they come back
; last in, first out; popping one more underflows
; stack-depth: 64
; expect: 64
; expect: 1
; expect-fault: stack underflow
main:
    loadi 1
fill:               ; env = i, S: 1 .. i-1 (at most i + 2 values below)
    push            ; keep i
    push
    push
    loadi 62
    lt
    gotofalse full  ; env = i, S: 1 .. i
    inc
    goto fill
full:               ; env = 62, S: 1 .. 62
    inc
    push
    inc
    push            ; S: 1 .. 64: full
    pop
    print           ; 64
drain:              ; env = v, S: 1 .. v-1
    pop
    push
    push
    loadi 1
    eq
    gotofalse drain
    print           ; 1, and the stack is empty
    pop
