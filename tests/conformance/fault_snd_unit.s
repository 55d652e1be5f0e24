; snd of () is a wrong-kind fault
; expect-fault: wrong kind: snd expects pair, got unit
main:
    clear
    snd
    print
