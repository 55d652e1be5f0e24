/* N round trips between two coroutines with swapcontext: main passes n,
 * the echo coroutine returns n + 1 (the C anchor). */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

static ucontext_t main_ctx, echo_ctx;
static long value;
static char echo_stack[64 * 1024];

static void echo(void)
{
    for (;;) {
        value = value + 1;
        swapcontext(&echo_ctx, &main_ctx);
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    getcontext(&echo_ctx);
    echo_ctx.uc_stack.ss_sp = echo_stack;
    echo_ctx.uc_stack.ss_size = sizeof echo_stack;
    echo_ctx.uc_link = &main_ctx;
    makecontext(&echo_ctx, echo, 0);
    long i = 0;
    while (i < n) {
        value = i;
        swapcontext(&main_ctx, &echo_ctx);
        i = value;
    }
    printf("%ld\n", i);
    return 0;
}
