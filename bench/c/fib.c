/* fib: naive doubly recursive Fibonacci, fib 30 = 832040. */
#include <stdio.h>
#include <stdint.h>

static int32_t fib(int32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void)
{
    /* volatile: the argument is not a compile-time constant */
    volatile int32_t n = 30;
    printf("%d\n", (int)fib(n));
    return 0;
}
