; A float program is refused by a VM built without the FLOAT group,
; naming the first instruction it lacks.
; expect-reject: instruction 'loadf' at pc 5 needs group FLOAT, which this VM was built without (CONFIG_SVM_GROUP_FLOAT)
main:
    loadi 1
    loadf 1.5
    print
    stop
