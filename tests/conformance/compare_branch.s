; jeq jne jlt jle jgt jge L: pop x, jump when x OP env (signed); env unchanged.
main:
    loadi -1
    push
    loadi 2
    jlt a           ; -1 < 2: jumps
    loadi 100
    print
a:  print           ; 2
    loadi 3
    push
    loadi 3
    jlt b           ; 3 < 3: no
    push
    loadi 3
    jle b           ; 3 <= 3: jumps
    loadi 101
    print
b:  loadi 5
    push
    loadi -5
    jgt c           ; 5 > -5: jumps
    loadi 102
    print
c:  loadi 5
    push
    loadi 5
    jgt d           ; no
    push
    loadi 5
    jge d           ; yes
    loadi 103
    print
d:  loadi 4
    push
    loadi 4
    jne e           ; no
    push
    loadi 4
    jeq e           ; yes
    loadi 104
    print
e:  loadi 1
    push
    loadi 4
    jeq f           ; no
    push            ; (env = 4)
    loadi 9
    jne f           ; 4 != 9: yes
    loadi 105
    print
f:  print           ; 9
    stop
; expect: 2
; expect: 9
