; addpoke with a slot below the bottom of the stack faults as an underflow
; (what it reads there is the loader's guard, docs/bytecode.md), not as a
; wrong kind, and changes nothing before it: slot 0 still holds 5.
; expect: 5
; expect-fault: stack underflow
main:
    loadi 5
    push
    peek 0
    print
    addpoke 0 3
    stop
