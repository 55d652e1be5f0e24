/* The fuzzer's HAL (fuzz_hal.c): what the harness can ask it beyond
 * hal/svm_hal.h. */
#ifndef FUZZ_HAL_H
#define FUZZ_HAL_H

#include <stdint.h>

#include "svm_hal.h"

/* What the HAL saw since fuzz_hal_reset. */
typedef struct fuzz_hal_stats {
    uint64_t console_bytes; /* written by containers (and dropped) */
    uint64_t console_writes;
    uint64_t events;
    uint64_t last_end_ns; /* end of the latest run or collection slice */
    uint32_t critical_depth;
    uint32_t ticking; /* between svm_hal_tick_start and svm_hal_tick_stop */
} fuzz_hal_stats;

extern fuzz_hal_stats fuzz_hal;

/* Forget everything before the next input. */
void fuzz_hal_reset(void);

/* Report a broken invariant on stderr and trap (libFuzzer saves the input). */
_Noreturn void fuzz_fail(const char *what, ...);

#define FUZZ_CHECK(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            fuzz_fail(__VA_ARGS__);                                                                                    \
    } while (0)

#endif
