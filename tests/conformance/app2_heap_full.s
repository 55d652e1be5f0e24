; app2's fast way takes two cells at once; with fewer free it goes the
; generic way, one cell at a time, so a heap that fills up is collected
; and then faults as for any allocation (it never loops on a collection
; that frees one cell).  A growing live list fills the heap while each
; round applies a curried function with app2.
; heap-cells: 64
; expect-fault: heap exhausted
main:
    clear
loop:
    push            ; the list so far
    comb add
    push
    loadi 3
    push
    loadi 4
    app2 done
    app
    swap
    app
done:
    cons            ; (list, 7): every cell stays reachable
    goto loop
add:
    cur add2
    return
add2:
    push
    acc 1
    push
    peek 1
    acc 0
    add
    ret 1 0
