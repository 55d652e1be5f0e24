; A product without FLOAT and BITS still runs integer programs.
; expect: 42
; expect: true
main:
    loadi 6
    push
    loadi 7
    mul
    print
    push
    loadi 41
    gt
    print
    stop
