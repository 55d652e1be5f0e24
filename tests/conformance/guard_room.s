; The guard comes out of the stack: slot operands up to 7 keep 8 values of
; () below each stack of 16, which leaves room for 8.  Eight pushes fit,
; the ninth overflows, and the message says where the depth went.
; stack-depth: 16
; expect: 8
; expect-fault: stack overflow (all 8 values of the context's stack in use: its STACK_DEPTH in Kconfig, 16, less a guard of 8)
main:
    loadi 8
    push
    push
    push
    push
    push
    push
    push
    push
    print
    push
    peekaddi 7 0
    stop
