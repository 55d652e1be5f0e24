/* ARM semihosting (the `bkpt 0xab` interface QEMU implements with
 * -semihosting-config enable=on): the console and the exit status. */
#include "svm_cortex_m.h"

enum { SYS_OPEN = 0x01, SYS_WRITE = 0x05, SYS_EXIT_EXTENDED = 0x20 };
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uintptr_t semihost(uintptr_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* ":tt" opened for writing is the host's standard output, for appending
 * its standard error (the semihosting extension SH_EXT_STDOUT_STDERR). */
static uintptr_t handles[2];
static uint8_t opened[2];

void svm_semihost_write(int err, const char *s, size_t n)
{
    if (!opened[err]) {
        uintptr_t args[3] = {(uintptr_t)":tt", err ? 8u : 4u, 3u};
        handles[err] = semihost(SYS_OPEN, args);
        opened[err] = 1;
    }
    uintptr_t args[3] = {handles[err], (uintptr_t)s, n};
    semihost(SYS_WRITE, args);
}

_Noreturn void svm_semihost_exit(int status)
{
    uintptr_t args[2] = {ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)(uint32_t)status};
    for (;;)
        semihost(SYS_EXIT_EXTENDED, args);
}
