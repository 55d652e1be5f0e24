/* list: 50 rounds of
 *   build n acc    = if n == 0 then acc else build (n-1) (n :: acc)   -- [1..100000]
 *   revmap f xs acc = [] -> acc | x :: r -> revmap f r (f x :: acc)  -- f = \x -> x*2+1
 *   foldl f acc xs  = [] -> acc | x :: r -> foldl f (f acc x) r      -- f = \a b -> a+b
 * all tail recursive (loops here).  Cons cells come from a static pool
 * with a free list (no malloc: the VM's heap works the same way); each
 * list goes back to the free list when it is dead.  The functions are
 * passed to revmap and foldl as function pointers, which gcc -O2 is free
 * to inline (it does), as Sense-VM's compiler specialises revmap and
 * foldl to their lambdas (compiler/specialise.py): the baseline does what
 * the compiled code does.  (Until 2026-12-01 they were read from volatile
 * variables, one indirect call per element, when the VM applied a closure
 * per element: 236.1 M instructions net against 195.9 M now.)  Prints the
 * sum of the 50 sums with 32-bit wrapping: 1793793664.  The rounds (50) come from argv[1] when given
 * (bench/run.py runs 0 for the start-up cost). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#define N 100000u
#define POOL (2u * N)

struct cell {
    uint32_t head;
    struct cell *tail;
};

static struct cell pool[POOL];
static struct cell *free_list;
static uint32_t fresh; /* cells of the pool never used yet */

static struct cell *cons(uint32_t x, struct cell *xs)
{
    struct cell *c = free_list;
    if (c)
        free_list = c->tail;
    else if (fresh < POOL)
        c = &pool[fresh++];
    else {
        fputs("out of cells\n", stderr);
        exit(1);
    }
    c->head = x;
    c->tail = xs;
    return c;
}

static void release(struct cell *xs)
{
    while (xs) {
        struct cell *t = xs->tail;
        xs->tail = free_list;
        free_list = xs;
        xs = t;
    }
}

static struct cell *build(uint32_t n, struct cell *acc)
{
    for (; n != 0; n--)
        acc = cons(n, acc);
    return acc;
}

static struct cell *revmap(uint32_t (*f)(uint32_t), const struct cell *xs, struct cell *acc)
{
    for (; xs; xs = xs->tail)
        acc = cons(f(xs->head), acc);
    return acc;
}

static uint32_t foldl(uint32_t (*f)(uint32_t, uint32_t), uint32_t acc, const struct cell *xs)
{
    for (; xs; xs = xs->tail)
        acc = f(acc, xs->head);
    return acc;
}

static uint32_t double_plus_one(uint32_t x) { return x * 2u + 1u; }
static uint32_t plus(uint32_t a, uint32_t b) { return a + b; }


int main(int argc, char **argv)
{
    uint32_t rounds = argc > 1 ? (uint32_t)atol(argv[1]) : 50u;
    uint32_t total = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        struct cell *xs = build(N, NULL);
        struct cell *ys = revmap(double_plus_one, xs, NULL);
        release(xs);
        total += foldl(plus, 0, ys);
        release(ys);
    }
    long long s = total <= 0x7fffffffu ? (long long)total : (long long)total - 4294967296LL;
    printf("%lld\n", s);
    return 0;
}
