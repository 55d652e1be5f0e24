/* What the POSIX HAL offers the host programs beyond hal/svm_hal.h. */
#ifndef SVM_HAL_POSIX_H
#define SVM_HAL_POSIX_H

#include "svm_hal.h"

/* Called with every scheduler and health event (svm_hal_event), if set. */
typedef void (*svm_posix_event_hook)(const struct svm_vm *vm, const struct svm_event *e);
extern svm_posix_event_hook svm_posix_on_event;

#endif
