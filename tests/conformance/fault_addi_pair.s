; addi of a pair: wrong kind
; expect-fault: fault at pc 3: wrong kind: addi expects int, got pair
main:
    clear
    push
    cons
    addi 1
    stop
