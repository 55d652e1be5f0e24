; A stopped context is no longer a root: the 80 cells a worker built and
; held on its stack when it stopped are free again for the next one, in a
; heap of 100 cells.  Three workers in turn, each holding 80 cells.
; heap-cells: 100
; expect: 80
; expect: 80
; expect: 80
main:
    loadi 0
again:
    push
    comb worker
    spawn
    pop
    yield               ; the worker runs to its stop
    inc
    jlti 3 again
    stop
worker:
    loadi 0             ; count
    push
    clear               ; the list: ()
build:
    swap                ; env = count, stack: list
    inc
    swap                ; env = list, stack: count
    push
    loadi 1
    cons                ; (list, 1): one cell
    swap                ; env = count, stack: list'
    push                ; stack: list', count
    jlti 80 more
    print
    stop                ; the list is still on the stack
more:
    pop                 ; env = count, stack: list'
    swap                ; env = list', stack: count
    goto build
