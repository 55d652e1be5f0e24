/* A product without input devices (no button, UART or sensor): no event
 * script to read, nothing to deliver (svm_script_uart.c otherwise). */
#include "svm_cortex_m.h"

void svm_dualtimer_handler(void);

int svm_board_read_script(struct svm_vm *vm)
{
    (void)vm;
    return 0;
}

void svm_board_script_start(struct svm_vm *vm) { (void)vm; }

void svm_board_led_written(uint32_t owner) { (void)owner; }

void svm_board_report_responses(const struct svm_vm *vm) { (void)vm; }

void svm_dualtimer_handler(void)
{
    DUALTIMER1_INTCLR = 1;
    DUALTIMER1_CONTROL = 0;
}
