/* The hardware abstraction layer: everything the core needs from a target,
 * and nothing more.  Implemented once per target in hal/<target>/
 * (hal/posix: the host, with a real or virtual clock).
 *
 * Time is a monotonic count of nanoseconds from an arbitrary origin.  The
 * core never reads a clock, sleeps or writes output other than through
 * these functions.
 */
#ifndef SVM_HAL_H
#define SVM_HAL_H

#include <stddef.h>
#include <stdint.h>

struct svm_container;
struct svm_vm;
struct svm_event;
struct svm_device_config;

/* Monotonic time, ns. */
uint64_t svm_hal_now_ns(void);

/* Sleep until the monotonic time t_ns, or until an interrupt (a device
 * event, the tick) makes something ready: returning early is allowed, the
 * scheduler asks again.  On an MCU this is the sleep manager's `wfi`. */
void svm_hal_sleep_until_ns(uint64_t t_ns);

/* Start and stop the periodic tick (CONFIG_SVM_TICK_US): at each tick the
 * HAL sets vm->preempt, which ends the running slice at its next
 * preemption point so the scheduler can look at the clock. */
void svm_hal_tick_start(struct svm_vm *vm);
void svm_hal_tick_stop(struct svm_vm *vm);

/* Critical sections against the tick and device interrupts (nest). */
void svm_hal_critical_enter(void);
void svm_hal_critical_exit(void);

/* Write n bytes of a container's console output. */
void svm_hal_console_write(const struct svm_container *c, const char *s, size_t n);

/* Write n bytes of the VM's own output that is not a container's
 * console: the device trace (one line per LED change, formatted by the
 * core so that every target prints the same).  The host writes it to
 * standard output, an MCU to its console. */
void svm_hal_trace_write(const char *s, size_t n);

/* Devices (core/svm.h: svm_device_config, made by the generator from the
 * product's Kconfig).  An output device's new value: an LED's level (0 or
 * 1), a byte for a UART to send.  `d->unit` is the board's number of it
 * (LED0 is unit 0).  Inputs go the other way: the target's interrupt
 * handler (or the host's event script) calls svm_device_input() (core/svm.h)
 * with a button edge (1 press, 0 release), a received byte or a sensor
 * reading; the core queues it and wakes the owning container. */
void svm_hal_device_write(const struct svm_device_config *d, int32_t value);

/* What the scheduler and the health monitor did (core/svm.h: svm_event):
 * runs, collections, wake-ups, faults, restarts.  A target logs or
 * traces them, or ignores them. */
void svm_hal_event(const struct svm_vm *vm, const struct svm_event *e);

#endif
