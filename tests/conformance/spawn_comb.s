; A comb closure spawns too: its context starts with env = ((), ()).
; The spawner goes on first; the new context runs when it stops.
; expect: 1
; expect: ((), ())
main:
    comb worker
    spawn
    print
    stop
worker:
    print
    stop
