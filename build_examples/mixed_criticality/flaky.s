; flaky: a mid-criticality task with a bug.  Every 150 ms it prints #3(k);
; at k = 5 it divides by zero.  Its policy restarts it (at most 3 times a
; second), so it faults and comes back every 600 ms or so, and nobody else
; notices.
main:
    loadi 0
loop:
    inc
    push                ; S: k
    pack 3
    print               ; #3(k)
    peek 0              ; env = k
    jlti 5 fine
    push
    loadi 0
    div                 ; the bug
fine:
    loadi 150000
    sleep               ; 150 ms
    pop                 ; env = k
    goto loop
