/* tak: Takeuchi's function, tak 18 12 6 = 7. */
#include <stdio.h>
#include <stdint.h>

static int32_t tak(int32_t x, int32_t y, int32_t z)
{
    if (y < x)
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

int main(void)
{
    volatile int32_t x = 18, y = 12, z = 6;
    printf("%d\n", (int)tak(x, y, z));
    return 0;
}
