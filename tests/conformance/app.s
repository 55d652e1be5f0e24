; app: f := pop() (a closure (v, L)); push return address; env := (v, env); jump L
; the callee ends with return, which resumes after the app
; expect: ((), 3)
; expect: ((1, 2), 4)
; expect: 7
; expect: 42
; expect: 120
; expect: 100
main:
    loadi 100
    push            ; a marker: every app/return pair leaves the stack as it found it
    comb show
    push
    loadi 3
    app             ; comb: env = ((), 3)
    loadi 1
    push
    loadi 2
    cons            ; (1, 2)
    cur show
    push
    loadi 4
    app             ; cur: env = ((1, 2), 4)
    ; curried addition: add 3 4
    comb add
    push
    loadi 3
    app             ; returns closure(((), 3), add2)
    push
    loadi 4
    app             ; env = (((), 3), 4) at add2
    print           ; 7
    ; a higher-order function: twice f x = f (f x), with f y = y + 21
    comb twice
    push
    comb plus21
    app             ; closure(((), plus21), twice2)
    push
    loadi 0
    app             ; plus21 (plus21 0) = 42
    print           ; 42
    ; recursion through a closure: fact 5, the closure passing itself
    comb fact
    push
    comb fact
    push
    loadi 5
    cons            ; (fact, 5)
    app             ; env = ((), (fact, 5))
    print           ; 120
    pop
    print           ; 100
    stop

show:
    print
    return

add:                ; env = ((), x)
    cur add2
    return
add2:               ; env = (((), x), y)
    push
    acc 1           ; x
    swap
    acc 0           ; y
    add
    return

plus21:             ; env = ((), y)
    snd
    push
    loadi 21
    add
    return

twice:              ; env = ((), f)
    cur twice2
    return
twice2:             ; env = e = (((), f), x): f (f x)
    push            ; S: ret e
    acc 1           ; f
    swap            ; env = e, S: ret f
    push            ; S: ret f e
    acc 1           ; f
    swap            ; env = e, S: ret f f
    acc 0           ; x
    app             ; f x, S: ret f
    app             ; f (f x), S: ret
    return

fact:               ; env = ((), p), p = (self, n)
    snd             ; p
    push            ; S: ret p
    snd             ; n
    push
    push            ; S: ret p n n
    loadi 1
    le              ; n <= 1, S: ret p n
    gotofalse fact_rec ; env = n, S: ret p
    pop             ; env = p, S: ret
    loadi 1
    return
fact_rec:           ; env = n, S: ret p
    swap            ; env = p, S: ret n
    push            ; S: ret n p
    fst             ; self
    swap            ; env = p, S: ret n self
    push            ; S: ret n self p
    fst             ; self
    swap            ; env = p, S: ret n self self
    snd
    dec             ; n - 1
    cons            ; (self, n - 1), S: ret n self
    app             ; self applied to (self, n - 1), S: ret n
    mul             ; n * fact (n - 1)
    return
