/* The HAL of a bare-metal Cortex-M3 on the MPS2 AN385 board (hal/svm_hal.h):
 *
 * - time: SysTick counts down from 2^24 at the processor clock, free
 *   running; its interrupt counts the wraps (every 0.67 s at 25 MHz), so
 *   the time in ns is exact to one clock and never goes back;
 * - the scheduler's tick: CMSDK TIMER1, periodic every CONFIG_SVM_TICK_US,
 *   calls svm_vm_preempt; it runs only while a container runs (the core
 *   stops it while the VM sleeps: tickless idle);
 * - sleep: CMSDK TIMER0 one-shot at the wake-up time, then `wfi`; any
 *   interrupt ends the sleep early (allowed: the scheduler asks again);
 * - critical sections: PRIMASK, nested;
 * - console and device trace: semihosting, the host's standard output;
 * - devices: LED0 and LED1 are bits of the FPGAIO LED register (LED2 and
 *   up of the SCC's CFG_REG1), a UART's bytes go to the CMSDK UART's
 *   transmitter; inputs come from the event script (svm_script_uart.c).
 */
#include "svm_cortex_m.h"
#include "svm.h"
#include "svm_hal.h"
#include "svm_autoconf.h"

#define SYSTICK_RANGE (1u << 24)
#define HZ ((uint64_t)CONFIG_SVM_CPU_HZ)
#define TICK_CYCLES ((uint32_t)((uint64_t)CONFIG_SVM_TICK_US * HZ / 1000000u))

_Static_assert(TICK_CYCLES >= 1, "CONFIG_SVM_TICK_US is shorter than one clock of CONFIG_SVM_CPU_HZ");

void svm_systick_handler(void);
void svm_timer0_handler(void);
void svm_timer1_handler(void);

static svm_vm *volatile tick_vm;
static volatile uint32_t wake_flag; /* an interrupt made something ready since the scheduler looked */
static uint32_t critical_depth, critical_saved;
static uint32_t led_bits;
static uint32_t uart_on;

/* ----------------------------------------------------------- time */

uint64_t svm_hal_ns_to_cycles(uint64_t ns)
{
#if 1000000000 % CONFIG_SVM_CPU_HZ == 0
    return (ns + 1000000000u / HZ - 1) / (1000000000u / HZ);
#else
    return ns / 1000000000u * HZ + (ns % 1000000000u * HZ + 999999999u) / 1000000000u;
#endif
}

#if 1000000000 % CONFIG_SVM_CPU_HZ == 0 && 16777216 * (1000000000 / CONFIG_SVM_CPU_HZ) <= 0xFFFFFFFF
/* A whole number of ns per clock (40 at 25 MHz) and a SysTick period in
 * 32 bits of ns: the time is the ns at SysTick's last wrap plus a 32-bit
 * product, the cheapest read there is (the scheduler reads the clock
 * several times per slice). */
#define NS_PER_CLOCK ((uint32_t)(1000000000u / CONFIG_SVM_CPU_HZ))
static volatile uint64_t wrap_ns; /* the time of SysTick's last wrap */

void svm_systick_handler(void) { wrap_ns += (uint64_t)SYSTICK_RANGE * NS_PER_CLOCK; }

uint64_t svm_hal_now_ns(void)
{
    uint32_t m = svm_primask_save();
    uint32_t value = SYST_CVR;
    uint64_t base = wrap_ns;
    if (SCB_ICSR & SCB_ICSR_PENDSTSET) { /* it wrapped, and the handler has not run yet */
        value = SYST_CVR;
        base += (uint64_t)SYSTICK_RANGE * NS_PER_CLOCK;
    }
    svm_primask_restore(m);
    return base + (SYSTICK_RANGE - 1u - value) * NS_PER_CLOCK;
}
#else
static volatile uint32_t systick_wraps;

void svm_systick_handler(void) { systick_wraps++; }

uint64_t svm_hal_now_ns(void)
{
    uint32_t m = svm_primask_save();
    uint32_t value = SYST_CVR;
    uint32_t wraps = systick_wraps;
    if (SCB_ICSR & SCB_ICSR_PENDSTSET) { /* it wrapped, and the handler has not run yet */
        value = SYST_CVR;
        wraps++;
    }
    svm_primask_restore(m);
    uint64_t cycles = (uint64_t)wraps * SYSTICK_RANGE + (SYSTICK_RANGE - 1u - value);
    return cycles / HZ * 1000000000u + cycles % HZ * 1000000000u / HZ;
}
#endif

/* ---------------------------------------------------------- sleep */

void svm_timer0_handler(void)
{
    TIMER_CTRL(0) = 0;
    TIMER_INTCLEAR(0) = 1;
}

void svm_hal_wake(void) { wake_flag = 1; }

void svm_hal_sleep_until_ns(uint64_t t_ns)
{
    uint32_t m = svm_primask_save();
    if (!wake_flag) {
        uint64_t now = svm_hal_now_ns();
        if (t_ns > now) {
            uint64_t cycles = svm_hal_ns_to_cycles(t_ns - now);
            TIMER_CTRL(0) = 0;
            TIMER_INTCLEAR(0) = 1;
            /* RELOAD first: writing it also sets the count (QEMU's model does). */
            TIMER_RELOAD(0) = 0xFFFFFFFFu;
            TIMER_VALUE(0) = cycles > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)cycles;
            TIMER_CTRL(0) = TIMER_CTRL_ENABLE | TIMER_CTRL_IRQEN;
            /* With PRIMASK set, wfi still wakes on a pending interrupt: an
             * input that arrived since the check above is never slept over. */
            __asm__ volatile("dsb\n\twfi" ::: "memory");
        }
    }
    wake_flag = 0;
    svm_primask_restore(m); /* the interrupt that woke us is taken here */
}

/* ----------------------------------------------------------- tick */

void svm_timer1_handler(void)
{
    TIMER_INTCLEAR(1) = 1;
    svm_vm *vm = tick_vm;
    if (vm)
        svm_vm_preempt(vm);
}

void svm_hal_tick_start(struct svm_vm *vm)
{
    tick_vm = vm;
    TIMER_CTRL(1) = 0;
    TIMER_RELOAD(1) = TICK_CYCLES - 1u;
    TIMER_VALUE(1) = TICK_CYCLES - 1u;
    TIMER_CTRL(1) = TIMER_CTRL_ENABLE | TIMER_CTRL_IRQEN;
}

void svm_hal_tick_stop(struct svm_vm *vm)
{
    (void)vm;
    TIMER_CTRL(1) = 0;
    TIMER_INTCLEAR(1) = 1;
    tick_vm = NULL;
}

/* ------------------------------------------------ critical sections */

void svm_hal_critical_enter(void)
{
    uint32_t m = svm_primask_save();
    if (critical_depth++ == 0)
        critical_saved = m;
}

void svm_hal_critical_exit(void)
{
    if (critical_depth && --critical_depth == 0)
        svm_primask_restore(critical_saved);
}

/* ------------------------------------------------- console, devices */

void svm_hal_console_write(const struct svm_container *c, const char *s, size_t n)
{
    (void)c;
    svm_semihost_write(0, s, n);
}

void svm_hal_trace_write(const char *s, size_t n) { svm_semihost_write(0, s, n); }

static void uart_enable(uint32_t unit)
{
    if (uart_on & (1u << unit))
        return;
    UART_BAUDDIV(unit) = 16u;
    UART_CTRL(unit) = UART_CTRL_TXEN | UART_CTRL_RXEN;
    uart_on |= 1u << unit;
}

void svm_hal_device_write(const struct svm_device_config *d, int32_t value)
{
    switch (d->kind) {
    case SVM_DEVICE_LED:
        if (d->unit < SVM_LEDS) {
            led_bits = value ? led_bits | (1u << d->unit) : led_bits & ~(1u << d->unit);
            if (d->unit < SVM_FPGAIO_LEDS)
                FPGAIO_LED = led_bits & ((1u << SVM_FPGAIO_LEDS) - 1u);
            else
                SCC_CFG_REG1 = led_bits >> SVM_FPGAIO_LEDS;
        }
#ifdef CONFIG_SVM_FIRMWARE_RESPONSE_TIMES
        svm_board_led_written(d->owner);
#endif
        break;
    case SVM_DEVICE_UART:
        if (d->unit < SVM_UARTS) {
            uart_enable(d->unit);
            while (UART_STATE(d->unit) & UART_STATE_TXFULL)
                ;
            UART_DATA(d->unit) = (uint8_t)value;
        }
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------ board */

void svm_board_init(void)
{
    SYST_RVR = SYSTICK_RANGE - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
    svm_irq_enable(IRQ_TIMER0);
    svm_irq_enable(IRQ_TIMER1);
    svm_irq_enable(IRQ_DUALTIMER);
    uart_enable(0);
}
