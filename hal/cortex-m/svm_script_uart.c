/* The event script over the UART: inputs QEMU cannot produce (button
 * edges, sensor readings, bytes received) come as the lines of
 * hal/svm_script.h (`250000 BUTTON0 press`) on UART0 at boot, up to a line
 * `end` (./svm run --events FILE sends the file, then `end`).  They are
 * parsed into a static table (CONFIG_SVM_SCRIPT_MAX_INPUTS) before the VM
 * starts; then the dual timer's interrupt delivers each at its time, from
 * the VM's start, through svm_device_input (core/svm.h), as a device's
 * interrupt handler would.
 *
 * A product without input devices (no button, UART or sensor) reads
 * nothing.  With CONFIG_SVM_FIRMWARE_RESPONSE_TIMES the firmware also
 * records, for each input, the time from its interrupt's entry to the next
 * LED write (bench/response.py). */
#include "svm_cortex_m.h"
#include "svm.h"
#include "svm_autoconf.h"
#include "svm_hal.h"
#include "svm_script.h"

void svm_dualtimer_handler(void);

static svm_script_input inputs[CONFIG_SVM_SCRIPT_MAX_INPUTS];
static uint32_t ninputs;
static volatile uint32_t next_input;
static svm_vm *script_vm;

#ifdef CONFIG_SVM_FIRMWARE_RESPONSE_TIMES
static uint64_t input_at[CONFIG_SVM_SCRIPT_MAX_INPUTS];  /* the interrupt's entry */
static uint64_t output_at[CONFIG_SVM_SCRIPT_MAX_INPUTS]; /* the first LED write after it */
static volatile uint32_t awaiting;                       /* inputs delivered + 1 whose LED write is still due */

void svm_board_led_written(uint32_t owner)
{
    uint32_t k = awaiting;
    if (k && !output_at[k - 1] && script_vm && script_vm->devices[inputs[k - 1].device].cfg->owner == owner)
        output_at[k - 1] = svm_hal_now_ns();
}
#endif

static int has_inputs(const svm_vm *vm)
{
    for (uint32_t i = 0; i < vm->ndevices; i++)
        if (vm->devices[i].cfg->kind != SVM_DEVICE_LED)
            return 1;
    return 0;
}

static void say(const char *s0, uint32_t line, const char *s1)
{
    char buf[16];
    char *p = buf + sizeof buf;
    *--p = '\0';
    do {
        *--p = (char)('0' + line % 10u);
        line /= 10u;
    } while (line);
    const char *parts[] = {"svm: event script (UART0) line ", p, ": error: ", s0, s1, "\n"};
    for (unsigned k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        size_t n = 0;
        while (parts[k][n])
            n++;
        svm_semihost_write(1, parts[k], n);
    }
}

int svm_board_read_script(svm_vm *vm)
{
    if (!has_inputs(vm))
        return 0;
    svm_script script = {0, 0};
    char line[128];
    uint32_t len = 0;
    int too_long = 0;
    for (;;) {
        while (!(UART_STATE(0) & UART_STATE_RXFULL))
            ;
        char ch = (char)UART_DATA(0);
        if (ch == '\r')
            continue;
        if (ch != '\n') {
            if (len < sizeof line)
                line[len++] = ch;
            else
                too_long = 1;
            continue;
        }
        if (too_long) {
            say("a line of more than 128 characters", script.line + 1, "");
            return 3;
        }
        if (len == 3 && line[0] == 'e' && line[1] == 'n' && line[2] == 'd')
            return 0;
        char why[96];
        uint32_t n = 0;
        if (svm_script_parse_line(&script, vm, line, len, inputs + ninputs, CONFIG_SVM_SCRIPT_MAX_INPUTS - ninputs,
                                  &n, why, sizeof why)) {
            say(why, script.line,
                ninputs == CONFIG_SVM_SCRIPT_MAX_INPUTS ? " (CONFIG_SVM_SCRIPT_MAX_INPUTS is the most)" : "");
            return 3;
        }
        ninputs += n;
        len = 0;
    }
}

/* Arm the dual timer for the next input (interrupts masked or in its
 * handler); now: the board's clock. */
static void arm(uint64_t now)
{
    DUALTIMER1_CONTROL = 0;
    DUALTIMER1_INTCLR = 1;
    if (next_input >= ninputs)
        return;
    uint64_t at = script_vm->start_ns + inputs[next_input].t_ns;
    uint64_t cycles = at > now ? svm_hal_ns_to_cycles(at - now) : 1u;
    DUALTIMER1_LOAD = cycles > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)(cycles ? cycles : 1u);
    DUALTIMER1_CONTROL = DUALTIMER_CTRL_ENABLE | DUALTIMER_CTRL_INTEN | DUALTIMER_CTRL_32BIT | DUALTIMER_CTRL_ONESHOT;
}

void svm_board_script_start(svm_vm *vm)
{
    script_vm = vm;
    uint32_t m = svm_primask_save();
    arm(svm_hal_now_ns());
    svm_primask_restore(m);
}

void svm_dualtimer_handler(void)
{
    DUALTIMER1_INTCLR = 1;
    svm_vm *vm = script_vm;
    if (!vm)
        return;
    uint64_t now = svm_hal_now_ns();
    while (next_input < ninputs && vm->start_ns + inputs[next_input].t_ns <= now) {
#ifdef CONFIG_SVM_FIRMWARE_RESPONSE_TIMES
        input_at[next_input] = now;
        awaiting = next_input + 1;
#endif
        svm_device_input(vm, inputs[next_input].device, inputs[next_input].value);
        next_input++;
    }
    svm_hal_wake();
    arm(now); /* the next input's delay counts from the same reading: no drift */
}

#ifdef CONFIG_SVM_FIRMWARE_RESPONSE_TIMES
/* One line per input: "svm: response N DEVICE VALUE at T us: D ns" (D: to
 * the next LED write, "-" if none came before the next input). */
void svm_board_report_responses(const svm_vm *vm)
{
    for (uint32_t i = 0; i < next_input; i++) {
        char buf[160];
        size_t n = 0;
        const char *dev = vm->devices[inputs[i].device].cfg->name;
        const char *head = "svm: response ";
        while (*head)
            buf[n++] = *head++;
        uint64_t nums[3] = {i, inputs[i].t_ns / 1000u, 0};
        int have = output_at[i] != 0;
        nums[2] = have ? output_at[i] - input_at[i] : 0;
        for (int k = 0; k < 3; k++) {
            char d[24];
            char *p = d + sizeof d;
            uint64_t v = nums[k];
            do {
                *--p = (char)('0' + v % 10u);
                v /= 10u;
            } while (v);
            if (k == 2 && !have) {
                buf[n++] = '-';
            } else {
                while (p < d + sizeof d)
                    buf[n++] = *p++;
            }
            if (k == 0) {
                buf[n++] = ' ';
                for (const char *s = dev; *s && n < 64; s++)
                    buf[n++] = *s;
                buf[n++] = ' ';
                buf[n++] = inputs[i].value ? '1' : '0';
                for (const char *s = " at "; *s; s++)
                    buf[n++] = *s;
            } else if (k == 1) {
                for (const char *s = " us: "; *s; s++)
                    buf[n++] = *s;
            }
        }
        for (const char *s = " ns\n"; *s; s++)
            buf[n++] = *s;
        svm_semihost_write(1, buf, n);
    }
}
#endif
