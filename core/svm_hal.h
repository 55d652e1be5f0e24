/* The hardware abstraction layer: what the core needs from a target.
 * Implemented once per target in hal/<target>/. */
#ifndef SVM_HAL_H
#define SVM_HAL_H

#include <stddef.h>
#include <stdint.h>

struct svm_container;

/* Write n bytes of a container's console output. */
void svm_hal_console_write(const struct svm_container *c, const char *s, size_t n);

#endif
