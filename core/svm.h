/* Sense-VM runtime: containers, contexts, heap, loader, scheduler.
 *
 * Everything here is statically allocated by the generated container table
 * (build/generated/svm_containers.c): the core holds no global mutable
 * state and allocates nothing; every function works on the container or VM
 * it is given.
 */
#ifndef SVM_H
#define SVM_H

#include <stddef.h>
#include <stdint.h>

#include "svm_value.h"

#if defined(__GNUC__) || defined(__clang__)
#define SVM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SVM_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SVM_UNLIKELY(x) (x)
#define SVM_LIKELY(x) (x)
#endif

/* ------------------------------------------------------------ faults */

typedef enum svm_fault {
    SVM_FAULT_NONE = 0,
    SVM_FAULT_WRONG_KIND,
    SVM_FAULT_DIV_ZERO,
    SVM_FAULT_STACK_OVERFLOW,
    SVM_FAULT_STACK_UNDERFLOW,
    SVM_FAULT_HEAP_EXHAUSTED,
    SVM_FAULT_ILLEGAL,
    SVM_FAULT_NO_MATCH,
    SVM_FAULT_FLOAT_RANGE,
    SVM_FAULT_BUDGET
} svm_fault;

/* What a wrong-kind fault expected: an svm_kind, or one of these. */
#define SVM_EXPECT_CONSTRUCTOR 0xffu

typedef struct svm_fault_info {
    svm_fault code;
    uint32_t pc;       /* code offset of the faulting instruction */
    uint32_t expected; /* wrong kind: the kind expected */
    svm_value value;   /* wrong kind: the value found */
} svm_fault_info;

/* -------------------------------------------------------------- heap */

typedef struct svm_cell {
    svm_value car;
    svm_value cdr;
} svm_cell;

/* Cell 0 is never allocated: index 0 means "none" in the free list and in
 * the collector's pointer reversal. */
typedef struct svm_heap {
    svm_cell *cells;
    uint32_t ncells; /* including the reserved cell 0 */
    uint32_t *mark;  /* one bit per cell */
    uint32_t *flip;  /* one bit per cell: which field the marker is in */
    uint32_t free;   /* head of the free list, 0 when empty */
    uint32_t fresh;  /* cells from here on were never used: no sweep, no page touched */
    uint32_t collections;
} svm_heap;

/* ---------------------------------------------------------- contexts */

typedef enum svm_context_state { SVM_CTX_FREE = 0, SVM_CTX_READY, SVM_CTX_DONE } svm_context_state;

typedef struct svm_context {
    svm_value env;
    svm_value *stack;
    uint32_t stack_size;
    uint32_t sp; /* number of values on the stack */
    uint32_t pc; /* code offset of the next instruction */
    uint8_t state;
} svm_context;

/* -------------------------------------------------------- containers */

typedef enum svm_container_state {
    SVM_CONTAINER_EMPTY = 0, /* no program loaded */
    SVM_CONTAINER_READY,
    SVM_CONTAINER_DONE,
    SVM_CONTAINER_FAULTED,
    SVM_CONTAINER_REJECTED
} svm_container_state;

/* The product's fixed description of a container and its storage, emitted
 * by the generator (const: in flash on an MCU). */
typedef struct svm_container_config {
    const char *name;
    uint8_t criticality;
    uint32_t budget; /* branch points per run, 0 = unlimited */
    svm_cell *heap_cells;
    uint32_t heap_ncells;
    uint32_t *mark_bits;
    uint32_t *flip_bits;
    svm_value *stack;
    uint32_t stack_depth;
    svm_context *contexts;
    uint32_t ncontexts;
    uint32_t print_limit; /* values one print writes at most */
    const uint8_t *image; /* the embedded program, or NULL */
    uint32_t image_size;
} svm_container_config;

#define SVM_LINE_BUFFER 96
#define SVM_MESSAGE_SIZE 160

typedef struct svm_container {
    const svm_container_config *cfg;
    uint32_t id;
    svm_heap heap;
    const uint8_t *code;
    uint32_t code_size;
    uint32_t entry;
    svm_container_state state;
    svm_fault_info fault;
    uint32_t budget;        /* branch points allowed, 0 = unlimited */
    uint64_t branch_points; /* passed so far */
    uint32_t slice_left;    /* of the last quantum, when the interpreter returned */
    /* console: one line is built here, then written through the HAL */
    char line[SVM_LINE_BUFFER];
    uint32_t line_len;
    char message[SVM_MESSAGE_SIZE]; /* why it was rejected or faulted */
} svm_container;

typedef struct svm_vm {
    svm_container *containers;
    uint32_t ncontainers;
    uint32_t quantum;         /* branch points per scheduling slice */
    uint32_t *verify_bits;    /* loader scratch: one bit per code byte */
    uint32_t verify_capacity; /* largest code size the scratch covers */
} svm_vm;

/* ------------------------------------------------------------ the API */

/* Set every container of the VM to its configured storage and load its
 * embedded program, if any.  A rejected program leaves its container
 * REJECTED with the reason in c->message; the others are unaffected. */
void svm_vm_init(svm_vm *vm);

/* Verify an image and make it the container's program (the image must
 * stay valid while it runs).  Returns 0, or -1 with c->message set and
 * the container REJECTED. */
int svm_container_load(svm_vm *vm, svm_container *c, const uint8_t *image, uint32_t size);

/* Restrict a container's heap or stack to fewer cells/values than it was
 * built with (host testing); values above the configured size are
 * refused with -1. Call before svm_container_load. */
int svm_container_limit(svm_container *c, uint32_t heap_cells, uint32_t stack_depth);

/* Run the containers, highest criticality first, until none can run.
 * Returns the number of containers that faulted or were rejected. */
uint32_t svm_vm_run(svm_vm *vm);

/* One line describing why a container faulted ("fault at pc 12: ...").
 * Written into c->message, which is returned. */
const char *svm_container_describe_fault(svm_container *c);

/* ------------------------------------------------ internal interfaces */

typedef enum svm_run_status {
    SVM_RUN_STOPPED, /* the context executed stop */
    SVM_RUN_QUANTUM, /* its quantum ran out: it can go on */
    SVM_RUN_FAULT    /* c->fault says why */
} svm_run_status;

/* The interpreter (generated from the ISA table): runs one context for at
 * most `quantum` branch points. */
svm_run_status svm_interp(svm_container *c, svm_context *ctx, uint32_t quantum);

void svm_heap_init(svm_heap *h, svm_cell *cells, uint32_t ncells, uint32_t *mark, uint32_t *flip);
/* Free cells now: the free list and the never-used ones (for statistics:
 * walks the free list). */
uint32_t svm_heap_free_cells(const svm_heap *h);
/* Collect the container's heap, with a and b as extra roots (ALLOC calls
 * it when the free list is empty and no never-used cell is left): returns
 * a free cell, or 0 when the heap is exhausted. */
uint32_t svm_heap_collect(svm_container *c, svm_value a, svm_value b);

/* Write v and a newline to the container's console. */
void svm_print_line(svm_container *c, svm_value v);

const char *svm_fault_reason(svm_fault f);

uint32_t svm_crc32(const uint8_t *data, uint32_t size);

#endif
