; A slot operand as deep as the stack leaves no room above the loader's
; guard (1 + the largest slot operand, docs/bytecode.md): the image is
; refused at load, naming the instruction and the stack depth.
; stack-depth: 8
; expect-reject: 'addpokei' at pc 6 reads stack slot 7: a guard of 8 leaves no room in stacks of 8 (CONFIG_SVM_CONTAINER0_STACK_DEPTH)
main:
    loadi 1
    push
    addpokei 7 1
    stop
