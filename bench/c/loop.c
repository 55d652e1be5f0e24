/* loop: a tail-recursive sum of 1..10,000,000,
 *   loop i acc = if i == 0 then acc else loop (i-1) (acc+i)
 * with 32-bit wrapping arithmetic (unsigned in C: no undefined behaviour),
 * printed as a signed 32-bit int: -2004260032.  The size comes from
 * argv[1] when given (bench/run.py runs 0 for the start-up cost).
 *
 * The empty asm statement makes the accumulator opaque to the optimiser so
 * gcc -O2 keeps the loop instead of replacing it by its closed form; it
 * costs no instruction. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

static uint32_t loop(uint32_t i, uint32_t acc)
{
    while (i != 0) {
        acc += i;
        __asm__ volatile("" : "+r"(acc));
        i--;
    }
    return acc;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)atol(argv[1]) : 10000000u;
    uint32_t r = loop(n, 0);
    /* two's complement view without implementation-defined conversion */
    long long s = r <= 0x7fffffffu ? (long long)r : (long long)r - 4294967296LL;
    printf("%lld\n", s);
    return 0;
}
