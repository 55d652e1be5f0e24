; a list that keeps growing and stays live exhausts a small heap
; heap-cells: 64
; expect-fault: heap exhausted
main:
    clear
loop:
    push
    loadi 1
    cons            ; (list, 1): every cell stays reachable from env
    goto loop
