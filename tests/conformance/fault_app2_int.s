; app2 with a function that is no closure goes the generic way, and the
; app there faults on it.
; expect-fault: wrong kind
main:
    loadi 5
    push
    loadi 3
    push
    loadi 4
    app2 done
    app
    swap
    app
done:
    stop
