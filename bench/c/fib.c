/* fib: naive doubly recursive Fibonacci, fib 30 = 832040.
 * The size (30) comes from argv[1] when given: bench/run.py runs size 0
 * for the start-up cost; it is not a compile-time constant either way. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

static int32_t fib(int32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    int32_t n = argc > 1 ? (int32_t)atoi(argv[1]) : 30;
    printf("%d\n", (int)fib(n));
    return 0;
}
