; A stopped context frees its slot (and stack): a container of 16 contexts
; spawns 100 in turn, each stopping before the next; ids are never reused.
; expect: 101
main:
    loadi 0
again:
    push
    comb short
    spawn
    pop
    yield               ; the new context runs and stops
    inc
    jlti 100 again
    comb short
    spawn
    print               ; the 101st context spawned: id 101
    stop
short:
    stop
