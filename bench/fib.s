; fib: naive doubly recursive Fibonacci, fib 30 = 832040.
;
;   fib n = if n < 2 then n else fib (n-1) + fib (n-2)
;
; Calling convention: the argument is in env, `call fib` pushes the return
; address, the result comes back in env.  Nothing is allocated: every
; intermediate lives on the stack.  `jgei 2 rec` is the test n < 2 and its
; branch in one instruction (push; lti 2; gotofalse rec).

main:
    loadi 30
    call fib
    print
    stop

fib:                    ; env = n, S = [.. R]
    jgei 2 rec
    return              ; fib n = n
rec:
    dec                 ; n-1
    push                ; [R n-1]
    call fib            ; env = fib (n-1), [R n-1]
    swap                ; env = n-1, [R fib(n-1)]
    dec                 ; n-2
    call fib            ; env = fib (n-2), [R fib(n-1)]
    add                 ; fib (n-1) + fib (n-2), [R]
    return
