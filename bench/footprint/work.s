; The footprint products' program (bench/footprint.py): integers only, no
; output, no IO, so that it runs in every configuration measured.
main:
    loadi 5
    push
    loadi 7
    add
    stop
