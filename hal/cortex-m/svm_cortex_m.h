/* The Cortex-M3 and the MPS2 AN385 board as the HAL uses them: the
 * system registers (SysTick, SCB, NVIC), the CMSDK peripherals (UART,
 * timers), the FPGA's LED register, and ARM semihosting (console, exit
 * status).  Addresses: ARM DDI 0403 (ARMv7-M), AN385 and QEMU's mps2.c. */
#ifndef SVM_CORTEX_M_H
#define SVM_CORTEX_M_H

#include <stddef.h>
#include <stdint.h>

#define SVM_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* SysTick: a 24-bit down-counter at the processor clock. */
#define SYST_CSR SVM_REG(0xE000E010u)
#define SYST_RVR SVM_REG(0xE000E014u)
#define SYST_CVR SVM_REG(0xE000E018u)
#define SYST_CSR_ENABLE 1u
#define SYST_CSR_TICKINT 2u
#define SYST_CSR_CLKSOURCE 4u

#define SCB_ICSR SVM_REG(0xE000ED04u)
#define SCB_ICSR_PENDSTSET (1u << 26)
#define SCB_VTOR SVM_REG(0xE000ED08u)
#define NVIC_ISER0 SVM_REG(0xE000E100u)
#define NVIC_ICPR0 SVM_REG(0xE000E280u)

/* CMSDK APB UART (UART0 at 0x40004000; UARTn at + n x 0x1000). */
#define CMSDK_UART_BASE(n) (0x40004000u + 0x1000u * (n))
#define UART_DATA(n) SVM_REG(CMSDK_UART_BASE(n) + 0x00u)
#define UART_STATE(n) SVM_REG(CMSDK_UART_BASE(n) + 0x04u)
#define UART_CTRL(n) SVM_REG(CMSDK_UART_BASE(n) + 0x08u)
#define UART_BAUDDIV(n) SVM_REG(CMSDK_UART_BASE(n) + 0x10u)
#define UART_STATE_TXFULL 1u
#define UART_STATE_RXFULL 2u
#define UART_CTRL_TXEN 1u
#define UART_CTRL_RXEN 2u
#define SVM_UARTS 5u

/* CMSDK APB timers: 32-bit down-counters at the APB clock. */
#define CMSDK_TIMER_BASE(n) (0x40000000u + 0x1000u * (n))
#define TIMER_CTRL(n) SVM_REG(CMSDK_TIMER_BASE(n) + 0x00u)
#define TIMER_VALUE(n) SVM_REG(CMSDK_TIMER_BASE(n) + 0x04u)
#define TIMER_RELOAD(n) SVM_REG(CMSDK_TIMER_BASE(n) + 0x08u)
#define TIMER_INTCLEAR(n) SVM_REG(CMSDK_TIMER_BASE(n) + 0x0Cu)
#define TIMER_CTRL_ENABLE 1u
#define TIMER_CTRL_IRQEN 8u

/* CMSDK dual timer, its first counter (free-running mode off: one-shot). */
#define DUALTIMER1_LOAD SVM_REG(0x40002000u)
#define DUALTIMER1_VALUE SVM_REG(0x40002004u)
#define DUALTIMER1_CONTROL SVM_REG(0x40002008u)
#define DUALTIMER1_INTCLR SVM_REG(0x4000200Cu)
#define DUALTIMER_CTRL_ONESHOT 1u
#define DUALTIMER_CTRL_32BIT 2u
#define DUALTIMER_CTRL_INTEN 0x20u
#define DUALTIMER_CTRL_PERIODIC 0x40u
#define DUALTIMER_CTRL_ENABLE 0x80u

/* The FPGA's system control: LED0 and LED1 (one bit each); LED2 and up are
 * the MCC's user LEDs of the serial communication controller's CFG_REG1. */
#define FPGAIO_LED SVM_REG(0x40028000u)
#define SCC_CFG_REG1 SVM_REG(0x4002F004u)
#define SVM_FPGAIO_LEDS 2u
#define SVM_LEDS 10u

/* External interrupts of the AN385 (QEMU's mps2.c). */
#define IRQ_UART0_RX 0
#define IRQ_TIMER0 8
#define IRQ_TIMER1 9
#define IRQ_DUALTIMER 10

static inline void svm_irq_enable(int irq)
{
    NVIC_ICPR0 = 1u << irq;
    NVIC_ISER0 = 1u << irq;
}

static inline uint32_t svm_primask_save(void)
{
    uint32_t m;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(m)::"memory");
    return m;
}

static inline void svm_primask_restore(uint32_t m)
{
    __asm__ volatile("msr primask, %0" ::"r"(m) : "memory");
}

/* ------------------------------------------------------- semihosting */

/* Write n bytes to the host's standard output (err = 0) or error (1). */
void svm_semihost_write(int err, const char *s, size_t n);
/* End the program in QEMU with this exit status (SYS_EXIT_EXTENDED). */
_Noreturn void svm_semihost_exit(int status);

/* ---------------------------------------------- what the firmware adds */

struct svm_vm;

/* Start the board: the UART, the time base, the interrupts. */
void svm_board_init(void);
/* Read the event script from UART0 (svm_script_uart.c): 0, or 3 after a
 * message naming the line. */
int svm_board_read_script(struct svm_vm *vm);
/* Deliver the script's inputs from now on (after svm_vm_start). */
void svm_board_script_start(struct svm_vm *vm);
/* CONFIG_SVM_FIRMWARE_RESPONSE_TIMES: an LED of container `owner` was
 * written; print each input's response at the end. */
void svm_board_led_written(uint32_t owner);
void svm_board_report_responses(const struct svm_vm *vm);
/* Clocks of the timers (CONFIG_SVM_CPU_HZ) in ns, rounded up. */
uint64_t svm_hal_ns_to_cycles(uint64_t ns);
/* An interrupt made something ready: the next sleep returns at once. */
void svm_hal_wake(void);

#endif
