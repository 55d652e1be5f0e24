; callgei k L: call L when env >= k (signed ints), else go on: the two
; of `jlti k A; call L; A:` in one dispatch.  env is the callee's argument.
; expect: 3
; expect: 30
; expect: 1
; expect: -5
; expect: 7
main:
    loadi 7
    push            ; a marker: no value pushed or popped when not calling
    loadi 3
    callgei 2 tens  ; 3 >= 2: calls, tens prints 3, returns 30
    print           ; 30
    loadi 1
    callgei 2 tens  ; 1 < 2: goes on, env unchanged
    print           ; 1
    loadi -5
    callgei -4 tens ; signed: -5 < -4
    print           ; -5
    pop
    print           ; 7: the marker
    stop
tens:
    print
    loadi 30
    ret 0 0
