; compute: the low-criticality number cruncher of the demo product.  It
; never yields: it keeps a 20,000-cell list alive and builds and drops a
; 2,000-cell list per round, so its 64k-cell heap is collected again and
; again, each collection marking the whole live list.  Every 200 rounds it
; prints #1(r).  The scheduler preempts it whenever a higher container
; wakes, collection included.
main:
    loadi 20000
    call mklist         ; kept live for the whole run
    push                ; S: keep
    loadi 0
round:
    inc
    push                ; S: keep, r
    loadi 2000
    call mklist         ; garbage at once
    peek 0              ; env = r
    push
    loadi 200
    mod
    jnei 0 quiet
    peek 0
    pack 1
    print               ; #1(r)
quiet:
    pop                 ; env = r, S: keep
    goto round

; env = n >= 1: env := the list (1, (2, ... (n, ())))
mklist:
    push                ; S: ret, n
    clear
    swap                ; env = n, S: ret, ()
build:                  ; env = i, S: ret, list
    swap                ; env = list, S: ret, i
    push                ; S: ret, i, list
    peek 1              ; env = i
    swap                ; env = list, S: ret, i, i
    cons                ; env = (i, list), S: ret, i
    swap                ; env = i, S: ret, list'
    addi -1
    jgti 0 build
    pop                 ; env = list, S: ret
    return
