/* list: 50 rounds of
 *   build n acc = if n == 0 then acc else build (n-1) (n :: acc)   -- [1..100000]
 *   map xs      = [] -> [] | x :: r -> (x*2+1) :: map r           -- not tail recursive
 *   sum xs      = [] -> 0  | x :: r -> x + sum r                  -- not tail recursive
 * on lists of malloc'd cons cells, both lists freed each round.
 * Prints the sum of the 50 sums with 32-bit wrapping: 1793793664.
 * (gcc -O2 may turn sum into a loop; map stays recursive, 100000 deep.) */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

struct cell {
    uint32_t head;
    struct cell *tail;
};

static struct cell *cons(uint32_t x, struct cell *xs)
{
    struct cell *c = malloc(sizeof *c);
    if (!c) {
        fputs("out of memory\n", stderr);
        exit(1);
    }
    c->head = x;
    c->tail = xs;
    return c;
}

static struct cell *build(uint32_t n, struct cell *acc)
{
    while (n != 0) {
        acc = cons(n, acc);
        n--;
    }
    return acc;
}

static struct cell *map(const struct cell *xs)
{
    if (!xs)
        return NULL;
    struct cell *r = map(xs->tail);
    return cons(xs->head * 2u + 1u, r);
}

static uint32_t sum(const struct cell *xs)
{
    if (!xs)
        return 0;
    return xs->head + sum(xs->tail);
}

static void release(struct cell *xs)
{
    while (xs) {
        struct cell *t = xs->tail;
        free(xs);
        xs = t;
    }
}

int main(void)
{
    volatile uint32_t n = 100000, rounds = 50;
    uint32_t total = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        struct cell *xs = build(n, NULL);
        struct cell *ys = map(xs);
        total += sum(ys);
        release(xs);
        release(ys);
    }
    long long s = total <= 0x7fffffffu ? (long long)total : (long long)total - 4294967296LL;
    printf("%lld\n", s);
    return 0;
}
