/* The event script over the UART: inputs QEMU cannot produce (buttons, a
 * sensor, bytes received) come as lines `TIME_US DEVICE VALUE` on UART0
 * at boot, up to a line `end`; each is delivered at its time by the dual
 * timer's interrupt through svm_device_input (core/svm.h). */
#include "svm_cortex_m.h"
#include "svm.h"
#include "svm_hal.h"
#include "svm_autoconf.h"

void svm_dualtimer_handler(void);

int svm_board_read_script(void) { return 0; }

void svm_dualtimer_handler(void)
{
    DUALTIMER1_INTCLR = 1;
    DUALTIMER1_CONTROL = 0;
}
