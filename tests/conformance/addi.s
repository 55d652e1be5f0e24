; addi k = push; loadi k; add: env := env + k, wrapping
; expect: 12
; expect: -2147483648
; expect: -5
main:
    loadi 5
    addi 7
    print
    loadi 2147483647
    addi 1
    print
    loadi 5
    addi -10
    print
    stop
