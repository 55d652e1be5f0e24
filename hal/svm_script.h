/* The event script: timed inputs for the simulated devices, the same on
 * every target (the host reads it from --events FILE, a Cortex-M firmware
 * from its UART at boot).  One input per line:
 *
 *     # comment
 *     250000 BUTTON0 press      time in microseconds from the start,
 *     400000 BUTTON0 release    a device of the product, what happens
 *     500000 SENSOR0 512        a reading
 *     600000 UART0 104          a byte received
 *     700000 UART0 "hi\n"       bytes received, one after the other
 *
 * Times never go back.  The parser uses no libc beyond string.h and
 * allocates nothing.
 */
#ifndef SVM_SCRIPT_H
#define SVM_SCRIPT_H

#include <stdint.h>

struct svm_vm;

typedef struct svm_script_input {
    uint64_t t_ns;   /* when, from the VM's start */
    uint32_t device; /* index in vm->devices */
    int32_t value;   /* what svm_device_input delivers */
} svm_script_input;

typedef struct svm_script {
    uint64_t last_ns; /* the latest time so far: times never go back */
    uint32_t line;    /* lines parsed so far (the next one's number - 1) */
} svm_script;

/* Parse one line (len bytes, no newline) into at most cap inputs: 0 with
 * *n inputs (0 for a blank or comment line), or -1 with why (a
 * NUL-terminated reason, without the line number: the caller names its
 * file and s->line). */
int svm_script_parse_line(svm_script *s, const struct svm_vm *vm, const char *line, uint32_t len,
                          svm_script_input *out, uint32_t cap, uint32_t *n, char *why, uint32_t why_size);

#endif
