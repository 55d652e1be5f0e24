; loadi k: decimal and hex, negative, the int32 extremes
; expect: 0
; expect: 42
; expect: -5
; expect: 2147483647
; expect: -2147483648
; expect: 255
; expect: -16
; expect: 2147483647
; expect: -1
; expect: -2147483648
; expect: 1
main:
    loadi 0
    print
    loadi 42
    print
    loadi -5
    print
    loadi 2147483647
    print
    loadi -2147483648
    print
    loadi 0xff
    print
    loadi -0x10
    print
    loadi 0x7fffffff
    print
    loadi 0xffffffff        ; a 32-bit pattern
    print
    loadi 0x80000000
    print
    loadi 0x1
    print
    stop
