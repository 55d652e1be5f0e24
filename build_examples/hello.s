; The default product's program: a greeting in numbers, a list, a closure.
main:
    loadi 5
    push
    loadi 7
    add                 ; 5 + 7
    print               ; 12
    ; the list [1, 2, 3] as constructors: Nil = #0(()), Cons = #1((x, xs))
    clear
    pack 0              ; Nil
    push
    loadi 3
    snoc                ; (3, Nil)
    pack 1
    push
    loadi 2
    snoc
    pack 1
    push
    loadi 1
    snoc
    pack 1              ; [1, 2, 3]
    print
    call sum            ; 6
    print
    ; a closure: (\x -> x * x) 9
    clear
    cur square
    push
    loadi 9
    app
    print               ; 81
    stop

; sum of the list in env
sum:
    switchi 0 sum_nil 1 sum_cons
sum_nil:
    loadi 0
    return
sum_cons:               ; env = (x, xs)
    push
    snd                 ; xs
    call sum            ; env = sum xs, S = [.., (x, xs)]
    swap
    fst                 ; env = x, S = [.., sum xs]
    add
    return

; \x -> x * x: env = (captured env, x)
square:
    snd
    push
    mul
    return
