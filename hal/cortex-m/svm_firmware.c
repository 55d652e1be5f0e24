/* The firmware's main: the product's VM (generated: svm_product_vm) run
 * for CONFIG_SVM_RUN_DURATION_MS on the board's clock, then svm-run's
 * summary and exit status (hal/posix/svm_run.c), over semihosting:
 *
 *   0 the run ended and no container was stopped by a fault;
 *   1 a container faulted and was stopped; 2 an image was rejected;
 *   3 the event script read from the UART is wrong (the line is named);
 *   4 a container's policy escalated (the VM must reset);
 *   5 the firmware itself faulted (svm_startup.c).
 *
 * Health lines and the summary go to the host's standard error, the
 * containers' consoles and the device trace to its standard output, as on
 * the host.  No printf: a few lines of decimal formatting here. */
#include "svm_cortex_m.h"
#include "svm.h"
#include "svm_hal.h"
#include "svm_autoconf.h"

extern svm_vm svm_product_vm;

enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_REJECT = 2, EXIT_ESCALATE = 4 };

/* ------------------------------------------------- a line of output */

typedef struct line {
    char buf[128];
    size_t n;
} line;

static void flush(line *l)
{
    svm_semihost_write(1, l->buf, l->n);
    l->n = 0;
}

static void put_char(line *l, char ch)
{
    if (l->n == sizeof l->buf)
        flush(l);
    l->buf[l->n++] = ch;
}

static void put(line *l, const char *s)
{
    while (*s)
        put_char(l, *s++);
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* s in a field of |width| characters: right-aligned, left-aligned if width < 0. */
static void field(line *l, const char *s, int width)
{
    size_t n = length(s), w = (size_t)(width < 0 ? -width : width);
    if (width < 0)
        put(l, s);
    for (; n < w; n++)
        put_char(l, ' ');
    if (width >= 0)
        put(l, s);
}

/* "12.345" for 12345 (thousandths), three digits after the point. */
static void thousandths(line *l, uint64_t v, int width)
{
    char buf[32];
    char *p = buf + sizeof buf - 1;
    *p = '\0';
    for (int i = 0; i < 3; i++, v /= 10u)
        *--p = (char)('0' + v % 10u);
    *--p = '.';
    do {
        *--p = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    field(l, p, width);
}

static void time_prefix(line *l, uint64_t t_ns)
{
    put(l, "svm: [");
    thousandths(l, t_ns / 1000u, 0);
    put(l, " ms] ");
}

/* ------------------------------------------------ health and summary */

void svm_hal_event(const struct svm_vm *vm, const struct svm_event *e)
{
    (void)vm;
    if (e->kind != SVM_EVENT_FAULT)
        return;
    line l = {.n = 0};
    time_prefix(&l, e->t_ns);
    put(&l, "container '");
    put(&l, e->c->cfg->name);
    put(&l, "': ");
    put(&l, e->message);
    put_char(&l, '\n');
    flush(&l);
}

#ifdef CONFIG_SVM_FIRMWARE_SUMMARY
static const char *decimal(char buf[24], uint64_t v)
{
    char *p = buf + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    return p;
}


static void number(line *l, uint64_t v, int width)
{
    char buf[24];
    field(l, decimal(buf, v), width);
}

static void summary(const svm_vm *vm)
{
    line l = {.n = 0};
    for (uint32_t i = 0; i < vm->nports; i++) {
        const svm_port *p = &vm->ports[i];
        put(&l, "svm: port ");
        put(&l, p->cfg->name);
        put(&l, " (");
        put(&l, vm->containers[p->cfg->from].cfg->name);
        put(&l, " -> ");
        put(&l, vm->containers[p->cfg->to].cfg->name);
        put(&l, p->cfg->kind == SVM_PORT_SAMPLING ? ", sampling): " : ", queuing): ");
        number(&l, p->sent, 0);
        put(&l, " sent, ");
        number(&l, p->delivered, 0);
        put(&l, " delivered, ");
        number(&l, p->dropped, 0);
        put(&l, " dropped\n");
        flush(&l);
    }
    static const char *const heads[] = {"container", "crit", "state", "instructions", "faults", "restarts",
                                        "hb-miss", "budget", "deadline", "max latency us", "heap high",
                                        "collections"};
    static const signed char widths[] = {-12, 4, -8, 13, 6, 8, 7, 7, 8, 14, 9, 11};
    put(&l, "svm:");
    for (unsigned k = 0; k < sizeof widths; k++) {
        put_char(&l, ' ');
        field(&l, heads[k], widths[k]);
    }
    put_char(&l, '\n');
    flush(&l);
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        const svm_container *c = &vm->containers[i];
        put(&l, "svm: ");
        field(&l, c->cfg->name, widths[0]);
        put_char(&l, ' ');
        number(&l, c->cfg->criticality, widths[1]);
        put_char(&l, ' ');
        field(&l, svm_container_state_name(c), widths[2]);
        const uint64_t counts[] = {c->instructions, c->faults, c->restarts, c->heartbeat_misses,
                                   c->budget_overruns, svm_container_deadline_misses(c, vm->now_ns)};
        for (unsigned k = 0; k < 6; k++) {
            put_char(&l, ' ');
            number(&l, counts[k], widths[3 + k]);
        }
        put_char(&l, ' ');
        thousandths(&l, c->max_latency_ns, widths[9]);
        put_char(&l, ' ');
        number(&l, svm_heap_high_water(&c->heap), widths[10]);
        put_char(&l, ' ');
        number(&l, c->heap.collections, widths[11]);
        put_char(&l, '\n');
        flush(&l);
    }
}
#endif

/* -------------------------------------------------------------- main */

int main(void)
{
    svm_vm *vm = &svm_product_vm;
    svm_board_init();
    svm_vm_init(vm);
    int status = EXIT_OK;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        if (c->state == SVM_CONTAINER_REJECTED) {
            line l = {.n = 0};
            put(&l, "svm: container '");
            put(&l, c->cfg->name);
            put(&l, "': ");
            put(&l, c->message);
            put_char(&l, '\n');
            flush(&l);
            status = EXIT_REJECT;
        }
    }
    int script = svm_board_read_script(vm);
    if (script)
        return script;
    svm_vm_start(vm, SVM_CLOCK_REAL);
    svm_board_script_start(vm);
    const uint64_t until = (uint64_t)CONFIG_SVM_RUN_DURATION_MS * 1000000u;
    svm_vm_status end = svm_vm_run(vm, until);
    svm_hal_tick_stop(vm);
    if (until && end == SVM_VM_TIME)
        vm->now_ns = until;
    if (end == SVM_VM_ESCALATED) {
        line l = {.n = 0};
        time_prefix(&l, vm->now_ns);
        put(&l, "the VM resets: a container's fault policy escalated\n");
        flush(&l);
        status = EXIT_ESCALATE;
    }
    for (uint32_t i = 0; i < vm->ncontainers && status == EXIT_OK; i++)
        if (vm->containers[i].state == SVM_CONTAINER_STOPPED)
            status = EXIT_FAULT;
#ifdef CONFIG_SVM_FIRMWARE_SUMMARY
    summary(vm);
#endif
#ifdef CONFIG_SVM_FIRMWARE_RESPONSE_TIMES
    svm_board_report_responses(vm);
#endif
    return status;
}
