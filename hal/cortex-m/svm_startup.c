/* Reset and the vector table of the Cortex-M3 (ARMv7-M): the reset
 * handler copies .data from flash, clears .bss (the containers' static
 * storage), calls main and ends the program in QEMU with main's result as
 * the exit status.  The linker script is generated per product
 * (templates/svm_firmware.ld.j2): it places .vectors first and defines the
 * svm_* symbols used here. */
#include "svm_cortex_m.h"

#include <string.h>

int main(void);

extern uint32_t svm_stack_top[];
extern uint32_t svm_data_start[], svm_data_end[], svm_data_load[];
extern uint32_t svm_bss_start[], svm_bss_end[];

void svm_reset_handler(void);
void svm_fault_handler(void);
void svm_default_handler(void);
void svm_systick_handler(void);
void svm_timer0_handler(void);
void svm_timer1_handler(void);
void svm_dualtimer_handler(void);

void svm_reset_handler(void)
{
    memcpy(svm_data_start, svm_data_load, (size_t)((char *)svm_data_end - (char *)svm_data_start));
    memset(svm_bss_start, 0, (size_t)((char *)svm_bss_end - (char *)svm_bss_start));
    svm_semihost_exit(main());
}

/* A fault of the firmware itself (never of a container: the VM checks
 * everything a program does): say so and end with status 5. */
void svm_fault_handler(void)
{
    static const char msg[] = "svm: firmware hard fault\n";
    svm_semihost_write(1, msg, sizeof msg - 1);
    svm_semihost_exit(5);
}

void svm_default_handler(void)
{
    static const char msg[] = "svm: unexpected interrupt\n";
    svm_semihost_write(1, msg, sizeof msg - 1);
    svm_semihost_exit(5);
}

typedef void (*svm_handler)(void);

/* The first word is the initial main stack pointer, then the handlers. */
struct svm_vectors {
    uint32_t *stack_top;
    svm_handler handlers[15 + 16];
};

__attribute__((section(".vectors"), used)) static const struct svm_vectors vectors = {
    .stack_top = svm_stack_top,
    .handlers = {
        svm_reset_handler,   /* Reset */
        svm_fault_handler,   /* NMI */
        svm_fault_handler,   /* HardFault */
        svm_fault_handler,   /* MemManage */
        svm_fault_handler,   /* BusFault */
        svm_fault_handler,   /* UsageFault */
        0, 0, 0, 0,          /* reserved */
        svm_default_handler, /* SVCall */
        svm_default_handler, /* DebugMonitor */
        0,                   /* reserved */
        svm_default_handler, /* PendSV */
        svm_systick_handler, /* SysTick: the time base */
        /* external interrupts 0..15 of the AN385 */
        svm_default_handler, svm_default_handler, svm_default_handler, svm_default_handler, /* UART0..1 */
        svm_default_handler, svm_default_handler, svm_default_handler, svm_default_handler, /* UART2, GPIO */
        svm_timer0_handler,    /* 8: TIMER0, the wake-up */
        svm_timer1_handler,    /* 9: TIMER1, the scheduler's tick */
        svm_dualtimer_handler, /* 10: dual timer, the event script's inputs */
        svm_default_handler, svm_default_handler, svm_default_handler, svm_default_handler, svm_default_handler,
    },
};

/* newlib's snprintf references malloc (for buffers it never needs when
 * writing into a string); the firmware allocates nothing, so there is no
 * heap: every request fails. */
#include <errno.h>
void *_sbrk(ptrdiff_t increment);
__attribute__((used)) void *_sbrk(ptrdiff_t increment)
{
    (void)increment;
    errno = ENOMEM;
    return (void *)-1;
}
