/* Containers, contexts, the scheduler, the sleep manager and the health
 * monitor.
 *
 * Between containers, scheduling is priority-preemptive: the ready
 * container of highest criticality runs; equal criticality takes turns by
 * quantum.  A container runs in slices that end at a preemption point of
 * the interpreter (a jump, call or return) when its quantum of branch
 * points is used up, when its instruction limit is reached (the virtual
 * clock: the instant the next event that could preempt it is due) or when
 * the HAL's tick or a wake-up asked for the processor (vm->preempt).  A
 * collection runs in slices of bounded steps too, so a higher container
 * waits at most one slice whatever a lower one does (docs/scheduling.md
 * states the bound).
 *
 * Inside a container, contexts are cooperative: the current context runs
 * until it yields, sleeps, blocks or stops, across slices; ready contexts
 * wait in a FIFO queue.
 *
 * A fault stops only its own container; the health monitor applies the
 * container's policy (restart within a limit, stop, escalate), and also
 * treats a missed heartbeat and a budget overrun as faults.
 */
#include "svm.h"
#include "svm_format.h"
#include "svm_hal.h"
#include "svm_opcodes.h"

#define NEVER UINT64_MAX

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
    case SVM_FAULT_CONTEXTS:
        return "too many contexts";
    case SVM_FAULT_HEARTBEAT:
        return "heartbeat missed";
    case SVM_FAULT_DEADLOCK:
        return "deadlock";
    case SVM_FAULT_EVENT_SIZE:
        return "event too large";
    case SVM_FAULT_IO_ENTRY:
        return "no such IO entry";
    case SVM_FAULT_IO_DIRECTION:
        return "wrong direction for this IO entry";
    case SVM_FAULT_MESSAGE:
        return "a closure, channel or event cannot be sent";
    case SVM_FAULT_MESSAGE_SIZE:
        return "message too large for its port";
    case SVM_FAULT_BYTE_RANGE:
        return "a UART byte must be 0..255";
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
    case SVM_KIND_CHANNEL:
        return "channel";
    case SVM_KIND_EVT_AFTER:
    case SVM_KIND_EVT_SEND:
    case SVM_KIND_EVT_RECV:
    case SVM_KIND_EVT_CHOOSE:
    case SVM_KIND_EVT_WRAP:
    case SVM_EXPECT_EVENT:
        return "event";
    case SVM_KIND_RET_APPLY:
        return "wrap mark"; /* a sync's mark under a wrap function, not a return address */
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
        svm_format(c->message, sizeof c->message, "fault at pc %u: wrong kind: %s expects %s, got %s", (unsigned)f->pc,
                   op, kind_number_name(f->expected), svm_kind_name(f->value));
    } else if (f->code == SVM_FAULT_STACK_OVERFLOW) {
        /* say the limit: deep non-tail recursion is the usual cause */
        if (c->stack_guard)
            svm_format(c->message, sizeof c->message,
                       "fault at pc %u: %s (all %u values of the context's stack in use: its STACK_DEPTH in "
                       "Kconfig, %u, less a guard of %u)",
                       (unsigned)f->pc, svm_fault_reason(f->code), (unsigned)c->stack_room,
                       (unsigned)c->stack_depth, (unsigned)c->stack_guard);
        else
            svm_format(c->message, sizeof c->message,
                       "fault at pc %u: %s (all %u values of the context's stack in use: the container's "
                       "STACK_DEPTH in Kconfig)",
                       (unsigned)f->pc, svm_fault_reason(f->code), (unsigned)c->stack_depth);
    } else if (f->code == SVM_FAULT_CONTEXTS) {
        svm_format(c->message, sizeof c->message,
                   "fault at pc %u: %s (all %u of the container's contexts are live: its CONTEXTS in Kconfig)",
                   (unsigned)f->pc, svm_fault_reason(f->code), (unsigned)c->cfg->ncontexts);
    } else if (f->code == SVM_FAULT_DEADLOCK) {
        /* say why: a program whose first context returned while one it
         * spawned still waits ends so */
        svm_format(c->message, sizeof c->message,
                   "fault at pc %u: %s (%u context%s left, all waiting on the container's own channels: none can "
                   "run again)",
                   (unsigned)f->pc, svm_fault_reason(f->code), (unsigned)f->expected, f->expected == 1 ? "" : "s");
    } else {
        svm_format(c->message, sizeof c->message, "fault at pc %u: %s", (unsigned)f->pc, svm_fault_reason(f->code));
    }
    return c->message;
}

/* A context whose synct deadline has passed with its event not committed. */
static int past_deadline(const svm_context *x, uint64_t now)
{
    return x->state != SVM_CTX_FREE && x->has_deadline && now > x->deadline;
}

uint32_t svm_container_deadline_misses(const svm_container *c, uint64_t now)
{
    uint32_t n = c->deadline_misses;
    if (c->state != SVM_CONTAINER_READY)
        return n; /* stopped or done: no context of it is waiting for anything */
    for (uint32_t k = 0; k < c->cfg->ncontexts; k++)
        n += (uint32_t)past_deadline(&c->cfg->contexts[k], now);
    return n;
}

const char *svm_container_state_name(const svm_container *c)
{
    switch (c->state) {
    case SVM_CONTAINER_EMPTY:
        return "empty";
    case SVM_CONTAINER_READY:
        return "running";
    case SVM_CONTAINER_DONE:
        return "done";
    case SVM_CONTAINER_STOPPED:
        return "stopped";
    case SVM_CONTAINER_REJECTED:
        return "rejected";
    }
    return "unknown";
}

int svm_container_limit(svm_container *c, uint32_t heap_cells, uint32_t stack_depth)
{
    const svm_container_config *cfg = c->cfg;
    if (heap_cells >= cfg->heap_ncells || stack_depth > cfg->stack_depth)
        return -1;
    if (heap_cells)
        c->heap.ncells = heap_cells + 1;
    if (stack_depth)
        c->stack_depth = stack_depth;
    return 0;
}

static void emit(const svm_vm *vm, svm_event_kind kind, const svm_container *c, uint64_t t, uint64_t dur,
                 uint64_t instructions, const char *message);

/* ---------------------------------------------------------- contexts */

static svm_context *context_at(const svm_container *c, uint32_t index1) { return &c->cfg->contexts[index1 - 1]; }

static uint16_t index1_of(const svm_container *c, const svm_context *ctx)
{
    return (uint16_t)(ctx - c->cfg->contexts + 1);
}

/* To the back of the ready queue. */
static void ready_push(svm_container *c, svm_context *ctx)
{
    uint16_t k = index1_of(c, ctx);
    ctx->state = SVM_CTX_READY;
    ctx->next = 0;
    if (c->ready_tail)
        context_at(c, c->ready_tail)->next = k;
    else
        c->ready_head = k;
    c->ready_tail = k;
}

/* The next context to run: among ready contexts with a deadline (synct),
 * the earliest deadline (ties in FIFO order); else the oldest. */
static svm_context *ready_pop(svm_container *c)
{
    if (!c->ready_head)
        return NULL;
    uint16_t prev = 0, pick_prev = 0, pick = c->ready_head;
    const svm_context *best = NULL;
    for (uint16_t k = c->ready_head; k; prev = k, k = context_at(c, k)->next) {
        const svm_context *x = context_at(c, k);
        if (x->has_deadline && (!best || x->deadline < best->deadline)) {
            best = x;
            pick = k;
            pick_prev = prev;
        }
    }
    svm_context *ctx = context_at(c, pick);
    if (pick_prev)
        context_at(c, pick_prev)->next = ctx->next;
    else
        c->ready_head = ctx->next;
    if (c->ready_tail == pick)
        c->ready_tail = pick_prev;
    ctx->next = 0;
    return ctx;
}

/* A new context in a free slot (the caller checked there is one), at the
 * back of the ready queue. */
static svm_context *context_new(svm_container *c, svm_value env, uint32_t pc, uint64_t logical)
{
    const svm_container_config *cfg = c->cfg;
    uint32_t k = 0;
    while (cfg->contexts[k].state != SVM_CTX_FREE)
        k++;
    svm_context *ctx = &cfg->contexts[k];
    /* The guard below the stack: what a slot operand reads there fails its
     * kind check (SLOT_FAULT in svm_interp.h). */
    svm_value *base = cfg->stack + (size_t)k * cfg->stack_depth;
    for (uint32_t i = 0; i < c->stack_guard; i++)
        base[i] = SVM_UNIT;
    ctx->stack = base + c->stack_guard;
    ctx->env = env;
    ctx->sp = 0;
    ctx->pc = pc;
    ctx->id = c->next_context_id++;
    ctx->logical = logical;
    ctx->deadline = 0;
    ctx->has_deadline = 0;
    ctx->woken = 0;
    ctx->has_timeout = 0;
    ctx->waits_io = 0;
    ctx->released = 0;
    ctx->resync = 0;
    ctx->sync_start = 0;
    ctx->wake_at = 0;
    ctx->ready_since = 0;
    ctx->block_seq = 0;
    c->live_contexts++;
    ready_push(c, ctx);
    return ctx;
}

int32_t svm_context_spawn(svm_container *c, svm_value env, uint32_t pc, uint32_t icount)
{
    svm_vm *vm = c->vm;
    uint64_t now = vm->clock == SVM_CLOCK_VIRTUAL ? vm->now_ns + (uint64_t)icount * vm->ns_per_instruction
                                                  : svm_vm_now(vm);
    return context_new(c, env, pc, now)->id;
}

void svm_vm_wake(svm_container *c, svm_context *ctx, uint64_t t)
{
    ctx->woken = 1;
    ctx->ready_since = t;
    ready_push(c, ctx);
    emit(c->vm, SVM_EVENT_WAKE, c, t, 0, 0, NULL);
}

uint64_t svm_slice_now(const svm_container *c, uint32_t icount)
{
    svm_vm *vm = c->vm;
    return vm->clock == SVM_CLOCK_VIRTUAL ? vm->now_ns + (uint64_t)icount * vm->ns_per_instruction : svm_vm_now(vm);
}

static void context_free(svm_container *c, svm_context *ctx)
{
    ctx->state = SVM_CTX_FREE;
    c->live_contexts--;
}

/* -------------------------------------------------------- containers */

void svm_container_reset(svm_container *c)
{
    const svm_container_config *cfg = c->cfg;
    uint64_t now = c->vm->now_ns;
    svm_heap_init(&c->heap, cfg->heap_cells, c->heap.ncells ? c->heap.ncells : cfg->heap_ncells, cfg->mark_bits,
                  cfg->flip_bits);
    c->gc.phase = SVM_GC_IDLE;
    c->gc_need = 0;
    for (uint32_t k = 0; k < cfg->ncontexts; k++)
        cfg->contexts[k].state = SVM_CTX_FREE;
    c->live_contexts = 0;
    c->current = 0;
    c->ready_head = c->ready_tail = 0;
    c->next_context_id = 0;
    c->next_wake = NEVER;
    c->line_len = 0;
    c->period_start = now;
    c->period_branch_points = 0;
    c->progress_at = now;
    c->fault.code = SVM_FAULT_NONE;
    c->state = SVM_CONTAINER_READY;
    /* the loader refuses a guard as deep as the stack, and reloads after
     * svm_container_limit lowers it */
    c->stack_room = c->stack_depth > c->stack_guard ? c->stack_depth - c->stack_guard : 0;
    context_new(c, SVM_UNIT, c->entry, now);
}

void svm_container_unload(svm_container *c)
{
    c->state = SVM_CONTAINER_EMPTY;
    c->code = NULL;
    c->image = NULL;
}

void svm_vm_init(svm_vm *vm)
{
    vm->now_ns = 0;
    vm->vclock_ns = 0;
    vm->turns = 0;
    vm->escalated = 0;
    vm->preempt = 0;
    if (vm->max_straight_run == 0)
        vm->max_straight_run = 0xffffu;
    if (SVM_GROUPS_BUILT & (1u << SVM_GROUP_IO)) /* a product without IO links no device code */
        svm_devices_reset(vm);
    for (uint32_t i = 0; i < vm->nports; i++) {
        svm_port *p = &vm->ports[i];
        p->head = p->count = 0;
        p->sent = p->delivered = p->dropped = 0;
    }
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        const svm_container_config *cfg = c->cfg;
        c->vm = vm;
        c->id = i;
        c->state = SVM_CONTAINER_EMPTY;
        c->message[0] = '\0';
        c->budget = cfg->budget;
        c->stack_depth = cfg->stack_depth;
        c->stack_guard = 0;
        c->stack_room = cfg->stack_depth;
        c->heap.ncells = 0;
        svm_heap_init(&c->heap, cfg->heap_cells, cfg->heap_ncells, cfg->mark_bits, cfg->flip_bits);
        for (uint32_t k = 0; k < cfg->ncontexts; k++)
            cfg->contexts[k].state = SVM_CTX_FREE;
        c->instructions = c->branch_points = c->gc_steps = c->max_latency_ns = 0;
        c->faults = c->restarts = c->restarts_in_window = 0;
        c->heartbeat_misses = c->budget_overruns = c->deadline_misses = c->port_drops = 0;
        c->turn = 0;
        c->restart_window = 0;
        if (cfg->image)
            svm_container_load(vm, c, cfg->image, cfg->image_size, c->message, sizeof c->message);
    }
}

/* ------------------------------------------------------------- clock */

uint64_t svm_vm_now(svm_vm *vm)
{
    if (vm->clock == SVM_CLOCK_VIRTUAL)
        return vm->vclock_ns;
    return svm_hal_now_ns() - vm->start_ns;
}

void svm_vm_start(svm_vm *vm, svm_clock clock)
{
    vm->clock = clock;
    vm->vclock_ns = 0;
    vm->start_ns = svm_hal_now_ns();
    vm->now_ns = 0;
    if (clock == SVM_CLOCK_REAL)
        svm_hal_tick_start(vm);
}

void svm_vm_preempt(svm_vm *vm)
{
    vm->preempt = 1;
    svm_container *running = vm->running;
    if (running)
        running->ilimit = 0;
}

static void emit(const svm_vm *vm, svm_event_kind kind, const svm_container *c, uint64_t t, uint64_t dur,
                 uint64_t instructions, const char *message)
{
    svm_event e = {c, message, t, dur, instructions, kind};
    svm_hal_event(vm, &e);
}

/* ---------------------------------------------------- health monitor */

static svm_context *current_context(const svm_container *c) { return c->current ? context_at(c, c->current) : NULL; }

/* The pc of the current context, 0 when none (a fault the scheduler
 * finds outside any instruction). */
static uint32_t current_pc(const svm_container *c) { return c->current ? context_at(c, c->current)->pc : 0; }

/* The container faulted (c->fault says why): apply its policy. */
static void health_fault(svm_vm *vm, svm_container *c)
{
    const svm_container_config *cfg = c->cfg;
    uint64_t now = vm->now_ns;
    char line[SVM_MESSAGE_SIZE + 64];
    svm_container_describe_fault(c);
    c->faults++;
    /* Deadlines its waiting contexts have missed stay counted once they
     * are gone (restarted or stopped): svm_container_deadline_misses. */
    for (uint32_t k = 0; k < cfg->ncontexts; k++) {
        svm_context *x = &cfg->contexts[k];
        c->deadline_misses += (uint32_t)past_deadline(x, now);
        x->has_deadline = 0;
    }
    switch ((svm_fault_policy)cfg->fault_policy) {
    case SVM_POLICY_RESTART: {
        uint64_t period = (uint64_t)cfg->restart_period_us * 1000u;
        if (c->restarts_in_window == 0 || now - c->restart_window >= period) {
            c->restart_window = now;
            c->restarts_in_window = 0;
        }
        if (c->restarts_in_window < cfg->restart_limit) {
            c->restarts_in_window++;
            c->restarts++;
            svm_format(line, sizeof line, "%s; restart %u of %u", c->message, (unsigned)c->restarts_in_window,
                       (unsigned)cfg->restart_limit);
            emit(vm, SVM_EVENT_FAULT, c, now, 0, 0, line);
            svm_container_reset(c);
            emit(vm, SVM_EVENT_RESTART, c, now, 0, 0, NULL);
            return;
        }
        svm_format(line, sizeof line, "%s; restart limit reached (%u in %u ms): stopped", c->message,
                   (unsigned)cfg->restart_limit, (unsigned)(cfg->restart_period_us / 1000u));
        break;
    }
    case SVM_POLICY_ESCALATE:
        svm_format(line, sizeof line, "%s; escalated: the VM resets", c->message);
        c->state = SVM_CONTAINER_STOPPED;
        vm->escalated = 1;
        emit(vm, SVM_EVENT_FAULT, c, now, 0, 0, line);
        emit(vm, SVM_EVENT_ESCALATE, c, now, 0, 0, NULL);
        return;
    case SVM_POLICY_STOP:
    default:
        svm_format(line, sizeof line, "%s; stopped", c->message);
        break;
    }
    c->state = SVM_CONTAINER_STOPPED;
    c->gc.phase = SVM_GC_IDLE;
    c->gc_need = 0;
    emit(vm, SVM_EVENT_FAULT, c, now, 0, 0, line);
    emit(vm, SVM_EVENT_STOP, c, now, 0, 0, NULL);
}

static void fault_container(svm_vm *vm, svm_container *c, svm_fault code, uint32_t pc)
{
    c->fault.code = code;
    c->fault.pc = pc;
    health_fault(vm, c);
}

/* ----------------------------------------------------------- the scheduler */

static int runnable(const svm_container *c)
{
    return c->state == SVM_CONTAINER_READY && (c->current || c->ready_head || c->gc.phase != SVM_GC_IDLE);
}

/* Some context waits for a port or device: another container can wake it. */
static int waits_io(const svm_container *c)
{
    for (uint32_t k = 0; k < c->cfg->ncontexts; k++)
        if (c->cfg->contexts[k].state == SVM_CTX_BLOCKED && c->cfg->contexts[k].waits_io)
            return 1;
    return 0;
}

/* A context of a running container waits for a device's input. */
static int waits_device(const svm_vm *vm)
{
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        const svm_container *c = &vm->containers[i];
        if (c->state != SVM_CONTAINER_READY)
            continue;
        for (uint32_t k = 0; k < c->cfg->ncontexts; k++)
            if (c->cfg->contexts[k].state == SVM_CTX_BLOCKED && (c->cfg->contexts[k].waits_io & 2u))
                return 1;
    }
    return 0;
}

static int waits_on_time(const svm_context *ctx)
{
    return ctx->state == SVM_CTX_SLEEPING || (ctx->state == SVM_CTX_BLOCKED && ctx->has_timeout);
}

/* Contexts whose time has come (a sleep's end, a synct's release, a
 * sync's timeout, which commits its after event) join the ready queue in
 * the order of their times. */
static void wake_sleepers(svm_vm *vm, svm_container *c, uint64_t now)
{
    if (c->next_wake > now)
        return;
    const svm_container_config *cfg = c->cfg;
    int was_idle = !runnable(c);
    for (;;) {
        svm_context *first = NULL;
        /* While a collection is in progress the heap's pointer fields on
         * the marker's path are reversed: a timeout's commit walks the
         * context's event and may take a cell, so it waits for the end of
         * the collection (a sleep's end touches no heap). */
        int collecting = c->gc.phase != SVM_GC_IDLE;
        for (uint32_t k = 0; k < cfg->ncontexts; k++) {
            svm_context *ctx = &cfg->contexts[k];
            if (waits_on_time(ctx) && ctx->wake_at <= now && (!first || ctx->wake_at < first->wake_at) &&
                !(collecting && ctx->state == SVM_CTX_BLOCKED))
                first = ctx;
        }
        if (!first)
            break;
        /* Only a sync blocks with a timeout: a product without events
         * links no event code. */
        if ((SVM_GROUPS_BUILT & (1u << SVM_GROUP_CONCURRENCY)) && first->state == SVM_CTX_BLOCKED) {
            int r = svm_event_timeout(c, first, first->wake_at);
            if (r == -1) { /* its wrap needs a cell: collect first, wake it after */
                if (c->gc.phase == SVM_GC_IDLE)
                    svm_gc_begin(c);
                break;
            }
            if (r == -2) {
                fault_container(vm, c, SVM_FAULT_STACK_OVERFLOW, first->pc);
                return;
            }
        }
        svm_vm_wake(c, first, first->wake_at);
    }
    uint64_t next = NEVER;
    for (uint32_t k = 0; k < cfg->ncontexts; k++)
        if (waits_on_time(&cfg->contexts[k]) && cfg->contexts[k].wake_at < next)
            next = cfg->contexts[k].wake_at;
    c->next_wake = next;
    if (was_idle && runnable(c))
        c->progress_at = now; /* the heartbeat counts from the wake-up */
}

static uint64_t heartbeat_deadline(const svm_container *c)
{
    return c->cfg->heartbeat_us ? c->progress_at + (uint64_t)c->cfg->heartbeat_us * 1000u + 1u : NEVER;
}

/* Start a new budget period when the current one is over. */
static void budget_period(svm_container *c, uint64_t now)
{
    uint64_t period = (uint64_t)c->cfg->budget_period_us * 1000u;
    if (!period || now < c->period_start + period)
        return;
    c->period_start += (now - c->period_start) / period * period;
    c->period_branch_points = 0;
}

/* The ready container of highest criticality; among equals, the one whose
 * turn is oldest. */
static svm_container *pick(svm_vm *vm)
{
    svm_container *best = NULL;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        if (!runnable(c))
            continue;
        if (!best || c->cfg->criticality > best->cfg->criticality ||
            (c->cfg->criticality == best->cfg->criticality && c->turn < best->turn))
            best = c;
    }
    return best;
}

/* When the slice of c must end at the latest: the next wake-up of a
 * higher container, c's own heartbeat deadline and budget period, the end
 * of the run. */
static uint64_t slice_deadline(const svm_vm *vm, const svm_container *c, uint64_t until)
{
    uint64_t t = until ? until : NEVER;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        const svm_container *o = &vm->containers[i];
        if (o->state == SVM_CONTAINER_READY && o->cfg->criticality > c->cfg->criticality && o->next_wake < t)
            t = o->next_wake;
    }
    uint64_t hb = heartbeat_deadline(c);
    if (hb < t)
        t = hb;
    if (c->budget && c->cfg->budget_period_us) {
        uint64_t end = c->period_start + (uint64_t)c->cfg->budget_period_us * 1000u;
        if (end < t)
            t = end;
    }
    return t;
}

/* Instructions the virtual clock allows until t. */
static uint32_t instructions_until(const svm_vm *vm, uint64_t t)
{
    if (vm->clock != SVM_CLOCK_VIRTUAL || t == NEVER)
        return UINT32_MAX;
    uint64_t span = t > vm->now_ns ? t - vm->now_ns : 0;
    uint64_t n = (span + vm->ns_per_instruction - 1) / vm->ns_per_instruction;
    if (n == 0)
        n = 1;
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void advance(svm_vm *vm, uint64_t instructions)
{
    if (vm->clock == SVM_CLOCK_VIRTUAL)
        vm->vclock_ns += instructions * vm->ns_per_instruction;
    vm->now_ns = svm_vm_now(vm);
}

/* A slice of the collection in progress. */
static void collect_slice(svm_vm *vm, svm_container *c, uint32_t ilimit)
{
    uint32_t steps = vm->gc_slice ? vm->gc_slice : 1;
    uint32_t allowed = ilimit / SVM_GC_STEP_COST + 1;
    if (allowed < steps)
        steps = allowed;
    uint32_t left = steps;
    uint64_t start = vm->now_ns;
    int done = svm_gc_step(c, &left);
    uint32_t used = steps - left;
    c->gc_steps += used;
    advance(vm, (uint64_t)used * SVM_GC_STEP_COST);
    emit(vm, SVM_EVENT_COLLECT, c, start, vm->now_ns - start, used, NULL);
    if (done) {
        /* what the instruction needs (a port's message may need many cells)
         * must be free now, or it would collect again for ever */
        uint32_t want = c->gc_need ? c->gc_need : 1u;
        c->gc_need = 0;
        if (svm_heap_available(&c->heap, want) < want)
            fault_container(vm, c, SVM_FAULT_HEAP_EXHAUSTED, current_pc(c));
    }
}

static void run_slice(svm_vm *vm, svm_container *c, uint64_t until)
{
    c->turn = ++vm->turns;
    uint32_t ilimit = instructions_until(vm, slice_deadline(vm, c, until));
    if (c->gc.phase != SVM_GC_IDLE) {
        collect_slice(vm, c, ilimit);
        return;
    }
    svm_context *ctx = current_context(c);
    if (!ctx) {
        ctx = ready_pop(c);
        c->current = index1_of(c, ctx);
    }
    uint64_t start = vm->now_ns;
    if (ctx->woken) {
        ctx->woken = 0;
        if (start - ctx->ready_since > c->max_latency_ns)
            c->max_latency_ns = start - ctx->ready_since;
    }
    /* A container may pass `budget` branch points in a period: the slice
     * ends at the next one, which is an overrun. */
    uint32_t quantum = vm->quantum ? vm->quantum : 1;
    if (c->budget && c->budget - c->period_branch_points + 1 < quantum)
        quantum = (uint32_t)(c->budget - c->period_branch_points + 1);
    c->ilimit = ilimit;
    vm->running = c;
    if (vm->preempt) /* a tick since the scheduler read the clock */
        c->ilimit = 0;
    svm_run_status status = svm_interp(c, ctx, quantum);
    vm->running = NULL;
    uint32_t branch_points = quantum - c->slice_left;
    c->instructions += c->slice_instructions;
    c->branch_points += branch_points;
    c->period_branch_points += branch_points;
    advance(vm, c->slice_instructions);
    uint64_t now = vm->now_ns;
    emit(vm, SVM_EVENT_RUN, c, start, now - start, c->slice_instructions, NULL);
    switch (status) {
    case SVM_RUN_QUANTUM:
        if (c->budget && c->period_branch_points > c->budget) {
            c->budget_overruns++;
            fault_container(vm, c, SVM_FAULT_BUDGET, c->branch_pc);
        }
        break;
    case SVM_RUN_YIELD:
        c->progress_at = now;
        c->current = 0;
        ready_push(c, ctx);
        break;
    case SVM_RUN_SLEEP:
        c->progress_at = now;
        c->current = 0;
        ctx->state = SVM_CTX_SLEEPING;
        ctx->wake_at = now + (uint64_t)c->sleep_us * 1000u;
        if (ctx->wake_at < c->next_wake)
            c->next_wake = ctx->wake_at;
        break;
    case SVM_RUN_STOPPED:
        c->progress_at = now;
        c->current = 0;
        context_free(c, ctx);
        if (c->live_contexts == 0)
            c->state = SVM_CONTAINER_DONE;
        break;
    case SVM_RUN_COLLECT:
        svm_gc_begin(c);
        break;
    case SVM_RUN_BLOCK: /* sync blocked, or synct waits for its release: ctx's state says */
        c->progress_at = now;
        c->current = 0;
        if (waits_on_time(ctx) && ctx->wake_at < c->next_wake)
            c->next_wake = ctx->wake_at;
        break;
    case SVM_RUN_FAULT:
        health_fault(vm, c);
        break;
    }
}

svm_vm_status svm_vm_run(svm_vm *vm, uint64_t until)
{
    for (;;) {
        if (vm->escalated)
            return SVM_VM_ESCALATED;
        vm->preempt = 0;
        uint64_t now = vm->now_ns = svm_vm_now(vm);
        if (until && now >= until)
            return SVM_VM_TIME;
        if ((SVM_GROUPS_BUILT & (1u << SVM_GROUP_IO)) && vm->device_pending) /* inputs: their owners wake */
            svm_device_poll(vm, now);
        for (uint32_t i = 0; i < vm->ncontainers; i++) {
            svm_container *c = &vm->containers[i];
            if (c->state != SVM_CONTAINER_READY)
                continue;
            if (c->next_wake <= now)
                wake_sleepers(vm, c, now);
            if (c->budget)
                budget_period(c, now);
            if (c->state == SVM_CONTAINER_READY && !runnable(c) && c->next_wake == NEVER && c->live_contexts &&
                !waits_io(c)) {
                /* Every remaining context is blocked on the container's
                 * own channels, and none waits on time: none can ever run. */
                const svm_context *blocked = NULL;
                for (uint32_t k = 0; k < c->cfg->ncontexts && !blocked; k++)
                    if (c->cfg->contexts[k].state == SVM_CTX_BLOCKED)
                        blocked = &c->cfg->contexts[k];
                c->fault.expected = c->live_contexts; /* for the message */
                /* (at its sync: one byte before the pc it resumes at) */
                fault_container(vm, c, SVM_FAULT_DEADLOCK, blocked && blocked->pc ? blocked->pc - 1u : 0);
                continue;
            }
            if (c->cfg->heartbeat_us && now >= heartbeat_deadline(c) && runnable(c)) {
                c->heartbeat_misses++;
                fault_container(vm, c, SVM_FAULT_HEARTBEAT, current_pc(c));
            }
        }
        if (vm->escalated)
            return SVM_VM_ESCALATED;
        svm_container *c = pick(vm);
        if (c) {
            run_slice(vm, c, until);
            continue;
        }
        /* The sleep manager: nothing is ready; sleep until the earliest
         * wake-up of any context (or an interrupt), or the end. */
        uint64_t next = NEVER;
        for (uint32_t i = 0; i < vm->ncontainers; i++)
            if (vm->containers[i].state == SVM_CONTAINER_READY && vm->containers[i].next_wake < next)
                next = vm->containers[i].next_wake;
        if (next == NEVER) {
            /* Only an input can wake a context now: wait for one until
             * the end (the host posts its scripted inputs between runs),
             * or for ever on a target with interrupts, unless none can
             * come (the host's script has ended: inputs_end). */
            if (!waits_device(vm) || (!until && (vm->clock == SVM_CLOCK_VIRTUAL || vm->inputs_end)))
                return SVM_VM_IDLE;
            next = until ? until : NEVER;
        }
        if (until && next > until)
            next = until;
        if (vm->clock == SVM_CLOCK_VIRTUAL) {
            vm->vclock_ns = next;
        } else { /* no tick while nothing runs: the processor sleeps until the wake-up */
            svm_hal_tick_stop(vm);
            /* Masked, an interrupt that arrived since the scheduler looked
             * is not lost: the HAL's sleep returns at once (wfi does). */
            svm_hal_critical_enter();
            if (!vm->device_pending)
                svm_hal_sleep_until_ns(next == NEVER ? NEVER : vm->start_ns + next);
            svm_hal_critical_exit();
            svm_hal_tick_start(vm);
        }
    }
}
