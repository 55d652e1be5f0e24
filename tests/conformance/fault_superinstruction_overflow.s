; pushi and pushacc push: they overflow where push would.  Compare and
; compare-and-branch forms (lti, jnei, ...) and addi push nothing and need
; no free slot: with a stack of 16 values, 15 pushes leave room for one;
; the lti and jnei on a full stack run, the pushi after them overflows.
; stack-depth: 16
; expect: 1
; expect: true
; expect: 2
; expect-fault: fault at pc 51: stack overflow
main:
    loadi 0
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push
    push            ; 15 values
    pushi 1         ; the 16th: the stack is full
    print
    lti 5
    print
    loadi 1
    addi 1
    jnei 0 next
    stop
next:
    print
    pushi 3         ; a 17th: overflow
    stop
