; sleep needs an int number of microseconds.
; expect-fault: fault at pc 2: wrong kind: sleep expects int, got bool
main:
    loadb 1
    sleep
    stop
