/* tak: Takeuchi's function, tak 18 12 6 = 7, computed 500 times:
 *   repeat n r = if n == 0 then r else repeat (n-1) (tak 18 12 6)
 * The repetitions (500) come from argv[1] when given (bench/run.py runs 0
 * for the start-up cost).  The arguments are read from volatile variables
 * each time, so gcc cannot compute tak once and reuse it. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

static int32_t tak(int32_t x, int32_t y, int32_t z)
{
    if (y < x)
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

int main(int argc, char **argv)
{
    volatile int32_t x = 18, y = 12, z = 6;
    int32_t n = argc > 1 ? (int32_t)atoi(argv[1]) : 500;
    int32_t r = 0;
    for (; n != 0; n--)
        r = tak(x, y, z);
    printf("%d\n", (int)r);
    return 0;
}
