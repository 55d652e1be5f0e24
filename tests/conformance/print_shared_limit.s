; A DAG of 40 cells, v(k+1) = (v(k), v(k)), stands for a tree of 2^40
; leaves.  One print writes at most CONFIG_SVM_PRINT_LIMIT values (10000 in
; posix_defconfig), ends the line with "...", and is one instruction of
; bounded time: the budget of 100 branch points is never reached.  Every
; field it borrowed is restored: rest 40 walks back down to the 1, and a
; second print of the same value writes the same line.
; budget: 100
; expect-re: \({40}1, 1\), \(1, 1\)\), .*\.\.\.
; expect-re: \({40}1, 1\), \(1, 1\)\), .*\.\.\.
; expect: 1
main:
    loadi 1
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    push
    cons
    print
    print
    rest 40
    print
    stop
