; switchi with no case for the tag and no _
; expect-fault: no matching case
main:
    clear
    pack 65534
    switchi 0 l 65533 l
l:
    print
