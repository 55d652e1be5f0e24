/* The POSIX host's HAL: the monotonic clock, sleeping in clock_nanosleep,
 * the tick as an interval timer (SIGALRM), critical sections as signal
 * masks; containers' consoles go to standard output.  Scheduler and health
 * events go to a hook the host runner sets (svm_run.c), or nowhere. */
#define _POSIX_C_SOURCE 200809L
#include "svm_hal_posix.h"

#include "svm.h"
#include "svm_autoconf.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

svm_posix_event_hook svm_posix_on_event;

static svm_vm *volatile tick_vm;
static unsigned critical_depth;

uint64_t svm_hal_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void svm_hal_sleep_until_ns(uint64_t t_ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(t_ns / 1000000000u);
    ts.tv_nsec = (long)(t_ns % 1000000000u);
    /* The tick interrupts the sleep (EINTR): the scheduler asks again. */
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void on_tick(int sig)
{
    (void)sig;
    svm_vm *vm = tick_vm;
    if (vm)
        svm_vm_preempt(vm);
}

void svm_hal_tick_start(struct svm_vm *vm)
{
    tick_vm = vm;
    struct sigaction sa;
    sa.sa_handler = on_tick;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it;
    it.it_interval.tv_sec = CONFIG_SVM_TICK_US / 1000000;
    it.it_interval.tv_usec = CONFIG_SVM_TICK_US % 1000000;
    it.it_value = it.it_interval;
    setitimer(ITIMER_REAL, &it, NULL);
}

void svm_hal_tick_stop(struct svm_vm *vm)
{
    (void)vm;
    struct itimerval it = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
    tick_vm = NULL;
}

void svm_hal_critical_enter(void)
{
    if (critical_depth++ == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGALRM);
        sigprocmask(SIG_BLOCK, &set, NULL);
    }
}

void svm_hal_critical_exit(void)
{
    if (critical_depth && --critical_depth == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGALRM);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
    }
}

void svm_hal_console_write(const struct svm_container *c, const char *s, size_t n)
{
    (void)c;
    fwrite(s, 1, n, stdout);
}

void svm_hal_event(const struct svm_vm *vm, const struct svm_event *e)
{
    if (svm_posix_on_event)
        svm_posix_on_event(vm, e);
}

void svm_hal_trace_write(const char *s, size_t n) { fwrite(s, 1, n, stdout); }

/* The simulated board: an LED's change is the core's trace line (written
 * through svm_hal_trace_write), so nothing more is written here; the UART
 * writes its bytes to standard output, as a terminal on the serial port
 * would show them. */
void svm_hal_device_write(const struct svm_device_config *d, int32_t value)
{
    if (d->kind == SVM_DEVICE_UART)
        fputc(value, stdout);
}
