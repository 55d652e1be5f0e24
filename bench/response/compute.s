; compute: the low-criticality container of the response bench.  It never
; yields: it keeps a 1,500-cell list alive in its 2,048-cell heap and
; builds and drops 100-cell lists for ever, so that its heap is collected
; again and again, each collection marking the whole live list (collector
; slices are the dearest stretch between two preemption points).
main:
    loadi 1500
    call mklist
    push
again:
    loadi 100
    call mklist
    goto again
mklist:                 ; env = n: a list of n cells
    push
    clear
    swap
build:
    swap
    push
    peek 1
    swap
    cons
    swap
    addi -1
    jgti 0 build
    pop
    return
