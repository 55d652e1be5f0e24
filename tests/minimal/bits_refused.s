; A bit-operation program is refused by a VM built without the BITS group.
; expect-reject: instruction 'band' at pc 11 needs group BITS, which this VM was built without (CONFIG_SVM_GROUP_BITS)
main:
    loadi 12
    push
    loadi 10
    band
    print
    stop
