/* A quiet HAL for the fuzzer: every function of hal/svm_hal.h, linked
 * instead of hal/posix/svm_hal_posix.c.
 *
 * - time: a counter that only moves forward (the harness runs the VM on
 *   its virtual clock, which reads it once, at svm_vm_start); sleeping
 *   moves it to the time asked for, so even a real-clock run could not hang;
 * - no tick, no signals, no timer: nothing happens between two inputs;
 * - consoles: AddressSanitizer checks that the core hands over memory it
 *   may read, then the bytes are counted and dropped: a fuzzed program may
 *   print megabytes;
 * - critical sections: counted, and an exit without an enter is a finding;
 * - events: checked (a known container, a known kind, a message that is a
 *   string, run and collection slices that never go back in time).
 */
#include "fuzz_hal.h"

#include "svm.h"

#include <sanitizer/asan_interface.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

fuzz_hal_stats fuzz_hal;

static uint64_t clock_ns = 1000000000u; /* an arbitrary origin */

void fuzz_hal_reset(void) { memset(&fuzz_hal, 0, sizeof fuzz_hal); }

_Noreturn void fuzz_fail(const char *what, ...)
{
    va_list ap;
    va_start(ap, what);
    fputs("fuzz_image: invariant broken: ", stderr);
    vfprintf(stderr, what, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    __builtin_trap();
}

uint64_t svm_hal_now_ns(void) { return clock_ns++; }

void svm_hal_sleep_until_ns(uint64_t t_ns)
{
    if (t_ns > clock_ns)
        clock_ns = t_ns;
}

void svm_hal_tick_start(struct svm_vm *vm)
{
    FUZZ_CHECK(vm != NULL, "svm_hal_tick_start without a VM");
    fuzz_hal.ticking = 1;
}

void svm_hal_tick_stop(struct svm_vm *vm)
{
    (void)vm;
    fuzz_hal.ticking = 0;
}

void svm_hal_critical_enter(void) { fuzz_hal.critical_depth++; }

void svm_hal_critical_exit(void)
{
    FUZZ_CHECK(fuzz_hal.critical_depth > 0, "svm_hal_critical_exit without svm_hal_critical_enter");
    fuzz_hal.critical_depth--;
}

void svm_hal_console_write(const struct svm_container *c, const char *s, size_t n)
{
    FUZZ_CHECK(c != NULL, "console write without a container");
    FUZZ_CHECK(n == 0 || s != NULL, "console write of %zu bytes from NULL", n);
    FUZZ_CHECK(n <= SVM_LINE_BUFFER, "console write of %zu bytes, more than the line buffer", n);
    FUZZ_CHECK(__asan_region_is_poisoned((void *)(uintptr_t)s, n) == NULL,
               "console write of %zu bytes from memory the core may not read", n);
    fuzz_hal.console_bytes += n;
    fuzz_hal.console_writes++;
}

void svm_hal_event(const struct svm_vm *vm, const struct svm_event *e)
{
    FUZZ_CHECK(vm != NULL && e != NULL, "event without a VM or without an event");
    FUZZ_CHECK(e->c >= vm->containers && e->c < vm->containers + vm->ncontainers,
               "event %u names no container of the VM", (unsigned)e->kind);
    FUZZ_CHECK((unsigned)e->kind <= SVM_EVENT_ESCALATE, "event of unknown kind %u", (unsigned)e->kind);
    switch (e->kind) {
    case SVM_EVENT_RUN:
    case SVM_EVENT_COLLECT:
        FUZZ_CHECK(e->t_ns >= fuzz_hal.last_end_ns,
                   "a %s slice starts at %llu ns, before the previous one ended (%llu ns)",
                   e->kind == SVM_EVENT_RUN ? "run" : "collection", (unsigned long long)e->t_ns,
                   (unsigned long long)fuzz_hal.last_end_ns);
        FUZZ_CHECK(e->t_ns + e->dur_ns >= e->t_ns, "a slice of negative or overflowing duration");
        fuzz_hal.last_end_ns = e->t_ns + e->dur_ns;
        break;
    case SVM_EVENT_FAULT:
        FUZZ_CHECK(e->message != NULL, "a fault event without a message");
        FUZZ_CHECK(strlen(e->message) < SVM_MESSAGE_SIZE + 64, "a fault message longer than its buffer");
        break;
    default:
        break;
    }
    fuzz_hal.events++;
}

void svm_hal_trace_write(const char *s, size_t n)
{
    FUZZ_CHECK(n == 0 || s != NULL, "trace write of %zu bytes from NULL", n);
    FUZZ_CHECK(__asan_region_is_poisoned((void *)(uintptr_t)s, n) == NULL,
               "trace write of %zu bytes from memory the core may not read", n);
    fuzz_hal.console_bytes += n;
}

void svm_hal_device_write(const struct svm_device_config *d, int32_t value)
{
    FUZZ_CHECK(d != NULL, "device write without a device");
    FUZZ_CHECK(d->kind != SVM_DEVICE_LED || value == 0 || value == 1, "LED level %d", (int)value);
    FUZZ_CHECK(d->kind != SVM_DEVICE_UART || (value >= 0 && value <= 255), "UART byte %d", (int)value);
    FUZZ_CHECK(d->kind == SVM_DEVICE_LED || d->kind == SVM_DEVICE_UART, "a write to an input device");
}
