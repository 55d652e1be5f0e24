/* Containers and the scheduler.
 *
 * Containers run by criticality (highest first, then table order); a
 * container runs for one quantum of branch points at a time, so the
 * scheduler regains control at bounded intervals, where a later tick or
 * a higher-criticality wake-up can preempt it.  A fault stops only its own
 * container.
 */
#include "svm.h"
#include "svm_opcodes.h"

#include <stdio.h>

const char *svm_fault_reason(svm_fault f)
{
    switch (f) {
    case SVM_FAULT_NONE:
        return "no fault";
    case SVM_FAULT_WRONG_KIND:
        return "wrong kind";
    case SVM_FAULT_DIV_ZERO:
        return "division by zero";
    case SVM_FAULT_STACK_OVERFLOW:
        return "stack overflow";
    case SVM_FAULT_STACK_UNDERFLOW:
        return "stack underflow";
    case SVM_FAULT_HEAP_EXHAUSTED:
        return "heap exhausted";
    case SVM_FAULT_ILLEGAL:
        return "illegal instruction";
    case SVM_FAULT_NO_MATCH:
        return "no matching case";
    case SVM_FAULT_FLOAT_RANGE:
        return "float out of range";
    case SVM_FAULT_BUDGET:
        return "budget exceeded";
    }
    return "unknown fault";
}

static const char *kind_number_name(uint32_t kind)
{
    switch (kind) {
    case SVM_KIND_INT:
        return "int";
    case SVM_KIND_BOOL:
        return "bool";
    case SVM_KIND_UNIT:
        return "unit";
    case SVM_KIND_FLOAT:
        return "float";
    case SVM_KIND_RET:
        return "return address";
    case SVM_KIND_COMB:
    case SVM_KIND_CLOSURE:
        return "closure";
    case SVM_KIND_PAIR:
        return "pair";
    case SVM_KIND_BOX:
    case SVM_EXPECT_CONSTRUCTOR:
        return "constructor";
    default:
        return "value";
    }
}

const char *svm_kind_name(svm_value v) { return svm_ctor_field(v) ? "constructor" : kind_number_name(svm_kind(v)); }

const char *svm_container_describe_fault(svm_container *c)
{
    const svm_fault_info *f = &c->fault;
    if (f->code == SVM_FAULT_WRONG_KIND) {
        const char *op = "instruction";
        if (c->code && f->pc < c->code_size && c->code[f->pc] < SVM_OPCODE_LIMIT &&
            svm_opinfo_table[c->code[f->pc]].name)
            op = svm_opinfo_table[c->code[f->pc]].name;
        snprintf(c->message, sizeof c->message, "fault at pc %u: wrong kind: %s expects %s, got %s", (unsigned)f->pc,
                 op, kind_number_name(f->expected), svm_kind_name(f->value));
    } else {
        snprintf(c->message, sizeof c->message, "fault at pc %u: %s", (unsigned)f->pc, svm_fault_reason(f->code));
    }
    return c->message;
}

int svm_container_limit(svm_container *c, uint32_t heap_cells, uint32_t stack_depth)
{
    const svm_container_config *cfg = c->cfg;
    if (heap_cells) {
        if (heap_cells >= cfg->heap_ncells)
            return -1;
        c->heap.ncells = heap_cells + 1;
    }
    if (stack_depth) {
        if (stack_depth > cfg->stack_depth)
            return -1;
        for (uint32_t i = 0; i < cfg->ncontexts; i++)
            cfg->contexts[i].stack_size = stack_depth / cfg->ncontexts;
    }
    return 0;
}

void svm_vm_init(svm_vm *vm)
{
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        const svm_container_config *cfg = c->cfg;
        c->id = i;
        c->state = SVM_CONTAINER_EMPTY;
        c->line_len = 0;
        c->budget = cfg->budget;
        svm_heap_init(&c->heap, cfg->heap_cells, cfg->heap_ncells, cfg->mark_bits, cfg->flip_bits);
        uint32_t per_context = cfg->stack_depth / cfg->ncontexts;
        for (uint32_t k = 0; k < cfg->ncontexts; k++) {
            cfg->contexts[k].stack = cfg->stack + k * per_context;
            cfg->contexts[k].stack_size = per_context;
            cfg->contexts[k].state = SVM_CTX_FREE;
        }
        if (cfg->image)
            svm_container_load(vm, c, cfg->image, cfg->image_size);
    }
}

static svm_context *ready_context(svm_container *c)
{
    const svm_container_config *cfg = c->cfg;
    for (uint32_t i = 0; i < cfg->ncontexts; i++)
        if (cfg->contexts[i].state == SVM_CTX_READY)
            return &cfg->contexts[i];
    return NULL;
}

static svm_container *pick(svm_vm *vm)
{
    svm_container *best = NULL;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        if (c->state != SVM_CONTAINER_READY)
            continue;
        if (!best || c->cfg->criticality > best->cfg->criticality)
            best = c;
    }
    return best;
}

static void fault_container(svm_container *c, svm_fault code, uint32_t pc)
{
    c->fault.code = code;
    c->fault.pc = pc;
    c->state = SVM_CONTAINER_FAULTED;
    svm_container_describe_fault(c);
}

uint32_t svm_vm_run(svm_vm *vm)
{
    svm_container *c;
    while ((c = pick(vm)) != NULL) {
        svm_context *ctx = ready_context(c);
        if (!ctx) {
            c->state = SVM_CONTAINER_DONE;
            continue;
        }
        /* A container may pass `budget` branch points: the quantum ends at
         * the next one, which is a fault. */
        uint32_t quantum = vm->quantum ? vm->quantum : 1;
        if (c->budget && c->budget - c->branch_points + 1 < quantum)
            quantum = (uint32_t)(c->budget - c->branch_points + 1);
        svm_run_status status = svm_interp(c, ctx, quantum);
        c->branch_points += quantum - c->slice_left;
        switch (status) {
        case SVM_RUN_QUANTUM:
            if (c->budget && c->branch_points > c->budget)
                fault_container(c, SVM_FAULT_BUDGET, ctx->pc);
            break;
        case SVM_RUN_STOPPED:
            if (!ready_context(c))
                c->state = SVM_CONTAINER_DONE;
            break;
        case SVM_RUN_FAULT:
            c->state = SVM_CONTAINER_FAULTED;
            svm_container_describe_fault(c);
            break;
        }
    }
    uint32_t failed = 0;
    for (uint32_t i = 0; i < vm->ncontainers; i++)
        if (vm->containers[i].state == SVM_CONTAINER_FAULTED || vm->containers[i].state == SVM_CONTAINER_REJECTED)
            failed++;
    return failed;
}
