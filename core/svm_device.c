/* Devices: the board's LEDs, buttons, UART and sensor, each owned by one
 * container (the product's Kconfig says which; the generator emits the
 * table).  A program binds a channel to a device of its own IO table; a
 * send writes the device through the HAL, a receive takes its inputs.
 *
 * Inputs come from the HAL's interrupt handlers (or the host's event
 * script) through svm_device_input, which only queues the value and raises
 * two flags: the scheduler, at its next look, wakes the owner's contexts
 * that wait on the device (svm_device_poll).  Nothing here runs a program
 * or walks a heap in an interrupt.
 */
#include "svm.h"
#include "svm_hal.h"

#include <string.h>

int svm_device_find(const svm_vm *vm, const char *name)
{
    for (uint32_t i = 0; i < vm->ndevices; i++)
        if (strcmp(vm->devices[i].cfg->name, name) == 0)
            return (int)i;
    return -1;
}

void svm_device_input(svm_vm *vm, uint32_t index, int32_t value)
{
    if (index >= vm->ndevices)
        return;
    svm_device *d = &vm->devices[index];
    const svm_device_config *cfg = d->cfg;
    svm_hal_critical_enter();
    if (cfg->kind == SVM_DEVICE_SENSOR) {
        d->latest = value; /* a reading replaces the last one: nobody waits for it */
    } else if (!cfg->queue || d->count >= cfg->depth) {
        d->dropped++;
    } else {
        cfg->queue[(d->head + d->count) % cfg->depth] = value;
        d->count++;
        d->pending = 1;
        vm->device_pending = 1;
    }
    svm_hal_critical_exit();
    /* The owner may be waiting: the running container's slice ends at its
     * next preemption point if the owner is more critical. */
    svm_container *running = vm->running;
    if (d->pending && cfg->owner < vm->ncontainers &&
        (!running || vm->containers[cfg->owner].cfg->criticality > running->cfg->criticality))
        svm_vm_preempt(vm);
}

void svm_device_poll(svm_vm *vm, uint64_t now)
{
    vm->device_pending = 0;
    for (uint32_t i = 0; i < vm->ndevices; i++) {
        svm_device *d = &vm->devices[i];
        if (!d->pending)
            continue;
        d->pending = 0;
        svm_container *owner = &vm->containers[d->cfg->owner];
        if (owner->state == SVM_CONTAINER_READY)
            svm_io_wake(owner, SVM_IO_DEVICE, i, now);
    }
}

int svm_device_take(svm_device *d, int32_t *value)
{
    const svm_device_config *cfg = d->cfg;
    if (cfg->kind == SVM_DEVICE_SENSOR) {
        *value = d->latest;
        return 1;
    }
    int got = 0;
    svm_hal_critical_enter();
    if (d->count) {
        *value = cfg->queue[d->head];
        d->head = (d->head + 1) % cfg->depth;
        d->count--;
        got = 1;
    }
    svm_hal_critical_exit();
    return got;
}

/* "LED0 1 at 250 ms": the same line on every target (milliseconds, which
 * a response to an input or a periodic release does not cross on any
 * board; bench/ measures the response itself). */
static void led_trace(const svm_device_config *cfg, int level, uint64_t now)
{
    char line[48];
    size_t n = strlen(cfg->name);
    if (n > 16)
        n = 16;
    memcpy(line, cfg->name, n);
    line[n++] = ' ';
    line[n++] = level ? '1' : '0';
    memcpy(line + n, " at ", 4);
    n += 4;
    char digits[20];
    size_t k = 0;
    uint64_t ms = now / 1000000u;
    do {
        digits[k++] = (char)('0' + ms % 10u);
        ms /= 10u;
    } while (ms);
    while (k)
        line[n++] = digits[--k];
    memcpy(line + n, " ms\n", 4);
    n += 4;
    svm_hal_trace_write(line, n);
}

svm_fault svm_device_write(svm_container *c, svm_device *d, svm_value v, uint64_t now)
{
    const svm_device_config *cfg = d->cfg;
    uint32_t hi = svm_hi(v);
    int32_t x;
    if (hi == SVM_KIND_INT)
        x = svm_int_of(v);
    else if (hi == SVM_KIND_BOOL && cfg->kind == SVM_DEVICE_LED)
        x = (int32_t)svm_payload(v);
    else {
        c->fault.expected = SVM_KIND_INT;
        c->fault.value = v;
        return SVM_FAULT_WRONG_KIND;
    }
    if (cfg->kind == SVM_DEVICE_LED) {
        int level = x != 0;
        if (d->writes && d->latest == level)
            return SVM_FAULT_NONE; /* no change: nothing to write or trace */
        d->latest = level;
        d->writes++;
        svm_hal_device_write(cfg, level);
        led_trace(cfg, level, now);
        return SVM_FAULT_NONE;
    }
    /* the UART: a byte */
    if (x < 0 || x > 255) {
        c->fault.expected = SVM_KIND_INT;
        c->fault.value = v;
        return SVM_FAULT_BYTE_RANGE;
    }
    d->writes++;
    svm_hal_device_write(cfg, x);
    return SVM_FAULT_NONE;
}

void svm_devices_reset(svm_vm *vm)
{
    vm->device_pending = 0;
    for (uint32_t i = 0; i < vm->ndevices; i++) {
        svm_device *d = &vm->devices[i];
        d->head = d->count = d->pending = 0;
        d->latest = 0;
        d->dropped = d->writes = 0;
    }
}
