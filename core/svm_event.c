/* Concurrent-ML events inside a container: sync and synct.
 *
 * Events are immutable values (svm_value.h): a base event (send on a
 * channel, receive on a channel, after a time), a choice of two events, or
 * an event wrapped with a function.  The same event can be synced any
 * number of times and appear in several choices.
 *
 * A sync walks its event's tree left to right (pre-order: a choice's first
 * event first), with an explicit stack, never C recursion: the walk's
 * stack is the syncing context's own free stack space, so a deep event
 * costs its context stack, and a walk visits at most SVM_EVENT_NODES nodes
 * (a larger event is the fault `event too large`): every sync is bounded
 * work.  The first base event that can commit now commits: a send or a
 * receive with a partner blocked on the same channel (the partner that
 * blocked first), or an after of 0 or less.  Otherwise the context blocks
 * with its event as its offers (its env, so the collector keeps it), until
 * a partner's sync or its earliest timeout commits one of them.
 *
 * A commit applies the committed base event's wrap functions, innermost
 * first, in the context that synced, as `app` would: the sync pushes the
 * return to its next instruction and, above it, each function under a
 * RET_APPLY mark (the outermost lowest), and applies the innermost; each
 * function's `return` finds the next mark and applies the next function
 * (svm_interp.h: APPLY_WRAP).  No C recursion, and a blocked partner's
 * wraps run when it runs again.
 */
#include "svm.h"
#include "svm_opcodes.h"

#include <stddef.h>

typedef struct walk {
    svm_value *s; /* the scratch stack */
    uint32_t cap, top;
    uint32_t nodes; /* visited */
    uint32_t base;  /* index of the next base event */
    svm_fault fault;
    svm_value bad; /* a value that is not an event (wrong kind) */
} walk;

static void walk_start(walk *w, svm_value *scratch, uint32_t cap, svm_value e)
{
    w->s = scratch;
    w->cap = cap;
    w->top = 0;
    w->nodes = 0;
    w->base = 0;
    w->fault = SVM_FAULT_NONE;
    if (cap == 0) {
        w->fault = SVM_FAULT_STACK_OVERFLOW;
        return;
    }
    w->s[w->top++] = e;
}

static int walk_push(walk *w, svm_value v)
{
    if (w->top == w->cap) {
        w->fault = SVM_FAULT_STACK_OVERFLOW;
        return -1;
    }
    w->s[w->top++] = v;
    return 0;
}

/* The next base event of the walk in *out: 1; the walk is over: 0; the
 * event is malformed or too large: -1 (w->fault says why). */
static int walk_next(const svm_heap *h, walk *w, svm_value *out)
{
    const svm_cell *cells = h->cells;
    while (w->top > 0) {
        svm_value v = w->s[--w->top];
        uint32_t hi = svm_hi(v);
        if (hi == SVM_KIND_RET_APPLY) { /* leaving a wrap: its function goes too */
            if (w->top == 0) { /* not the walk's own mark: a program's value (sync checks first) */
                w->fault = SVM_FAULT_WRONG_KIND;
                w->bad = v;
                return -1;
            }
            w->top--;
            continue;
        }
        if (++w->nodes > SVM_EVENT_NODES) {
            w->fault = SVM_FAULT_EVENT_SIZE;
            return -1;
        }
        switch (hi) {
        case SVM_KIND_EVT_CHOOSE:
            if (walk_push(w, cells[svm_payload(v)].cdr) || walk_push(w, cells[svm_payload(v)].car))
                return -1;
            continue;
        case SVM_KIND_EVT_WRAP:
            if (walk_push(w, cells[svm_payload(v)].cdr) || walk_push(w, svm_make(SVM_KIND_RET_APPLY, 0)) ||
                walk_push(w, cells[svm_payload(v)].car))
                return -1;
            continue;
        case SVM_KIND_EVT_SEND:
        case SVM_KIND_EVT_RECV:
        case SVM_KIND_EVT_AFTER:
            *out = v;
            w->base++;
            return 1;
        default:
            w->fault = SVM_FAULT_WRONG_KIND;
            w->bad = v;
            return -1;
        }
    }
    return 0;
}

/* The wrap functions of the base event the walk just returned: the ones
 * under RET_APPLY marks on the walk's stack, outermost first. */
static uint32_t wraps_count(const walk *w)
{
    uint32_t n = 0;
    for (uint32_t i = 1; i < w->top; i++)
        n += svm_hi(w->s[i]) == SVM_KIND_RET_APPLY;
    return n;
}

/* The channel's cell of a send or receive event. */
static uint32_t channel_of(const svm_heap *h, svm_value base)
{
    return svm_hi(base) == SVM_KIND_EVT_SEND ? svm_payload(h->cells[svm_payload(base)].car) : svm_payload(base);
}

/* Where a context's walk may put its stack: the free space above its
 * values, less `reserve` slots kept for the frames a commit pushes. */
static svm_value *scratch_of(const svm_container *c, const svm_context *ctx, uint32_t reserve, uint32_t *cap)
{
    uint32_t used = ctx->sp + reserve;
    *cap = used < c->stack_room ? c->stack_room - used : 0;
    return ctx->stack + used;
}

/* Commit base event `index` of ctx's event with `result`: count a late
 * commit against its deadline, push its wraps' frames and apply the
 * innermost (a free cell is guaranteed by the caller), and leave its
 * registers (env, sp, pc) to go on at `next`.  scratch: for the walk. */
static int commit(svm_container *c, svm_context *ctx, svm_value event, uint32_t index, svm_value result,
                  uint32_t next, uint64_t now, svm_value *scratch, uint32_t cap)
{
    svm_heap *h = &c->heap;
    if (ctx->has_deadline) {
        if (now > ctx->deadline)
            c->deadline_misses++;
        ctx->has_deadline = 0;
    }
    walk w;
    svm_value base = 0;
    walk_start(&w, scratch, cap, event);
    while (w.base <= index && walk_next(h, &w, &base) == 1)
        ;
    uint32_t wraps = wraps_count(&w);
    ctx->pc = next;
    ctx->env = result;
    ctx->has_timeout = 0;
    if (wraps == 0)
        return 0;
    if (c->stack_room - ctx->sp < 2u * wraps + 1u)
        return -1; /* checked by the callers: cannot happen */
    svm_value *sp = ctx->stack + ctx->sp;
    /* The last wrap returns to `next`; when that is a `return` (a sync in
     * tail position), it returns to what that return would: no frame is
     * kept for it, and a loop through a wrap function runs in constant
     * stack. */
    if (!(next < c->code_size && c->code[next] == SVM_OP_RETURN))
        *sp++ = svm_make(SVM_KIND_RET, next);
    for (uint32_t i = 1; i < w.top; i++)
        if (svm_hi(w.s[i]) == SVM_KIND_RET_APPLY) {
            *sp++ = w.s[i - 1];
            *sp++ = w.s[i];
        }
    /* Apply the innermost now, as the return from a wrap would. */
    svm_value f = sp[-2];
    sp -= 2;
    svm_value fenv = SVM_UNIT;
    uint32_t target = svm_payload(f);
    if (svm_hi(f) == SVM_KIND_CLOSURE) {
        fenv = h->cells[svm_payload(f)].car;
        target = svm_payload(h->cells[svm_payload(f)].cdr);
    }
    uint32_t cell = svm_heap_take(h);
    h->cells[cell].car = fenv;
    h->cells[cell].cdr = result;
    ctx->env = svm_make(SVM_KIND_PAIR, cell);
    ctx->sp = (uint32_t)(sp - ctx->stack);
    ctx->pc = target;
    return 0;
}

/* The wraps of base event `index` of event (a walk on scratch). */
static int wraps_of(const svm_heap *h, svm_value event, uint32_t index, svm_value *scratch, uint32_t cap,
                    uint32_t *wraps)
{
    walk w;
    svm_value base;
    walk_start(&w, scratch, cap, event);
    int r = 0;
    while (w.base <= index && (r = walk_next(h, &w, &base)) == 1)
        ;
    *wraps = wraps_count(&w);
    return r < 0 ? -1 : 0;
}

/* The blocked context (not self) that blocked first with an offer of the
 * opposite direction on channel ch; its offer's index and base event. */
static svm_context *partner(svm_container *c, const svm_context *self, uint32_t kind, uint32_t ch,
                            svm_value *scratch, uint32_t cap, uint32_t *index, svm_value *base_out)
{
    const svm_container_config *cfg = c->cfg;
    svm_context *best = NULL;
    for (uint32_t k = 0; k < cfg->ncontexts; k++) {
        svm_context *p = &cfg->contexts[k];
        if (p == self || p->state != SVM_CTX_BLOCKED || (best && p->block_seq > best->block_seq))
            continue;
        walk w;
        svm_value base;
        walk_start(&w, scratch, cap, p->env);
        while (walk_next(&c->heap, &w, &base) == 1)
            if (svm_hi(base) == kind && channel_of(&c->heap, base) == ch) {
                best = p;
                *index = w.base - 1;
                *base_out = base;
                break;
            }
    }
    return best;
}

/* The IO entry channel ch is bound to, or NULL. */
static const svm_io_entry *io_entry(const svm_container *c, uint32_t ch)
{
    svm_value car = c->heap.cells[ch].car;
    if (svm_hi(car) != SVM_KIND_INT || svm_payload(car) == 0 || svm_payload(car) > c->cfg->nio)
        return NULL;
    return &c->cfg->io[svm_payload(car) - 1];
}

/* An input arrived for r's IO entry of kind/index (a port's message, a
 * device's input): r's contexts blocked with a receive on it sync again
 * (their event is still their env; a synct's operands are consumed: only
 * its sync runs again).  1 when one woke. */
static int io_wake(svm_container *r, uint32_t kind, uint32_t index, uint64_t now)
{
    if (r->state != SVM_CONTAINER_READY)
        return 0;
    int idle = !r->current && !r->ready_head, woke = 0;
    /* While r collects, its events cannot be walked (the marker reverses
     * pointer fields): every context of it waiting on IO syncs again. */
    int collecting = r->gc.phase != SVM_GC_IDLE;
    const svm_container_config *cfg = r->cfg;
    for (uint32_t k = 0; k < cfg->ncontexts; k++) {
        svm_context *ctx = &cfg->contexts[k];
        if (ctx->state != SVM_CTX_BLOCKED || !ctx->waits_io || ctx->pc == 0)
            continue;
        uint32_t cap;
        svm_value *scratch = scratch_of(r, ctx, 0, &cap);
        walk w;
        svm_value base;
        walk_start(&w, scratch, cap, ctx->env);
        while (collecting || walk_next(&r->heap, &w, &base) == 1) {
            if (!collecting) {
                if (svm_hi(base) != SVM_KIND_EVT_RECV)
                    continue;
                const svm_io_entry *e = io_entry(r, channel_of(&r->heap, base));
                if (!e || e->kind != kind || e->index != index || e->direction == SVM_IO_SEND)
                    continue;
            }
            uint32_t at = ctx->pc - 1; /* sync and synct are one byte */
            ctx->pc = at;
            ctx->released = r->code[at] == SVM_OP_SYNCT;
            ctx->resync = 2; /* its `after` events still count from when it blocked */
            ctx->wake_at = now; /* (unused while it is ready) the input came then: what was due then */
            ctx->waits_io = 0;
            ctx->has_timeout = 0;
            svm_vm_wake(r, ctx, now);
            woke = 1;
            break;
        }
    }
    if (woke && idle)
        r->progress_at = now;
    return woke;
}

void svm_io_wake(svm_container *r, uint32_t kind, uint32_t index, uint64_t now)
{
    io_wake(r, kind, index, now);
}

/* A message arrived in port p: its receiver's contexts waiting on it wake,
 * and a more critical receiver preempts the sender. */
static void wake_receivers(svm_container *sender, const svm_port *p, uint64_t now)
{
    svm_vm *vm = sender->vm;
    svm_container *r = &vm->containers[p->cfg->to];
    if (io_wake(r, SVM_IO_PORT, (uint32_t)(p - vm->ports), now) && r->cfg->criticality > sender->cfg->criticality)
        svm_vm_preempt(vm); /* the sender's slice ends at its next preemption point */
}

/* The sync needs `cells` free cells first: collect, then run it again;
 * fewer free after the collection is `heap exhausted` (svm_vm.c). */
static svm_run_status collect_for(svm_container *c, uint32_t cells)
{
    c->gc_need = cells;
    return SVM_RUN_COLLECT;
}

static svm_run_status fault(svm_container *c, svm_context *ctx, svm_fault code, svm_value bad)
{
    c->fault.code = code;
    c->fault.pc = ctx->pc;
    if (code == SVM_FAULT_WRONG_KIND) {
        c->fault.expected = SVM_EXPECT_EVENT;
        c->fault.value = bad;
    }
    return SVM_RUN_FAULT;
}

/* svm_sync of a sync that started at start (<= now): its `after n`
 * events commit at start + n µs, at once when that is at or before due
 * (now, or when an input woke it to try again: an input that came before
 * a timeout wins over it, however late the context runs). */
static svm_run_status sync_from(svm_container *c, svm_context *ctx, uint32_t next, uint64_t now, uint64_t start,
                                uint64_t due)
{
    svm_heap *h = &c->heap;
    svm_value event = ctx->env;
    if (!svm_is_event(event)) /* e.g. a wrap's RET_APPLY mark a program picked up */
        return fault(c, ctx, SVM_FAULT_WRONG_KIND, event);
    /* First pass: the event is well formed, and how many wraps its
     * deepest branch has (the frames a commit may push). */
    uint32_t cap;
    svm_value *scratch = scratch_of(c, ctx, 0, &cap);
    walk w;
    svm_value base;
    int r;
    uint32_t max_wraps = 0;
    uint32_t top = svm_hi(event);
    if (top == SVM_KIND_EVT_CHOOSE || top == SVM_KIND_EVT_WRAP) { /* a base event needs no first pass */
        walk_start(&w, scratch, cap, event);
        while ((r = walk_next(h, &w, &base)) == 1) {
            uint32_t n = wraps_count(&w);
            if (n > max_wraps)
                max_wraps = n;
        }
        if (r < 0)
            return fault(c, ctx, w.fault, w.bad);
    }
    uint32_t reserve = max_wraps ? 2u * max_wraps + 1u : 0u;
    scratch = scratch_of(c, ctx, reserve, &cap);
    if (reserve && cap == 0)
        return fault(c, ctx, SVM_FAULT_STACK_OVERFLOW, 0);

    /* Second pass: the first base event that can commit now. */
    uint64_t timeout = UINT64_MAX;
    uint32_t timeout_base = 0;
    int waits_io = 0;
    walk_start(&w, scratch, cap, event);
    while ((r = walk_next(h, &w, &base)) == 1) {
        uint32_t index = w.base - 1;
        uint32_t hi = svm_hi(base);
        if (hi == SVM_KIND_EVT_AFTER) {
            int32_t us = svm_int_of(svm_payload(base));
            uint64_t at = start + (uint64_t)(us > 0 ? us : 0) * 1000u;
            if (at <= due) {
                if (svm_heap_available(h, 1) < (max_wraps ? 1u : 0u))
                    return collect_for(c, 1);
                commit(c, ctx, event, index, SVM_UNIT, next, now, scratch, cap);
                return SVM_RUN_QUANTUM;
            }
            if (at < timeout) {
                timeout = at;
                timeout_base = index;
            }
            continue;
        }
        uint32_t ch = channel_of(h, base);
        const svm_io_entry *io = io_entry(c, ch);
        if (io && io->kind == SVM_IO_DEVICE) { /* a device: never blocks a send */
            svm_device *d = &c->vm->devices[io->index];
            uint32_t wraps = wraps_count(&w);
            if (io->direction != SVM_IO_BOTH && (hi == SVM_KIND_EVT_SEND) != (io->direction == SVM_IO_SEND))
                return fault(c, ctx, SVM_FAULT_IO_DIRECTION, 0);
            if (wraps && svm_heap_available(h, 1) < 1)
                return collect_for(c, 1);
            if (hi == SVM_KIND_EVT_SEND) {
                svm_fault f = svm_device_write(c, d, h->cells[svm_payload(base)].cdr, now);
                if (f != SVM_FAULT_NONE) {
                    c->fault.code = f;
                    c->fault.pc = ctx->pc;
                    return SVM_RUN_FAULT;
                }
                commit(c, ctx, event, index, SVM_UNIT, next, now, scratch, cap);
                return SVM_RUN_QUANTUM;
            }
            int32_t input;
            if (!svm_device_take(d, &input)) {
                waits_io |= 2; /* woken by svm_device_poll */
                continue;
            }
            commit(c, ctx, event, index, svm_int(input), next, now, scratch, cap);
            return SVM_RUN_QUANTUM;
        }
        if (io) { /* a port: never blocks a send */
            svm_port *port = &c->vm->ports[io->index];
            uint32_t wraps = wraps_count(&w);
            if ((hi == SVM_KIND_EVT_SEND) != (io->direction == SVM_IO_SEND))
                return fault(c, ctx, SVM_FAULT_IO_DIRECTION, 0);
            if (hi == SVM_KIND_EVT_SEND) {
                if (wraps && svm_heap_available(h, 1) < 1)
                    return collect_for(c, 1);
                svm_fault f = svm_port_send(c, port, h->cells[svm_payload(base)].cdr, now);
                if (f != SVM_FAULT_NONE)
                    return fault(c, ctx, f, 0);
                commit(c, ctx, event, index, SVM_UNIT, next, now, scratch, cap);
                wake_receivers(c, port, now);
                return SVM_RUN_QUANTUM;
            }
            int available;
            uint32_t need = svm_port_cells_needed(port, &available) + (wraps ? 1u : 0u);
            if (!available) {
                waits_io |= 1; /* woken by the sender */
                continue;
            }
            if (svm_heap_available(h, need) < need)
                return collect_for(c, need);
            svm_value v = svm_port_receive(c, port, now);
            commit(c, ctx, event, index, v, next, now, scratch, cap);
            return SVM_RUN_QUANTUM;
        }
        uint32_t want = hi == SVM_KIND_EVT_SEND ? SVM_KIND_EVT_RECV : SVM_KIND_EVT_SEND;
        uint32_t pindex;
        svm_value pbase = 0; /* set when p is found; gcc -Os cannot see it */
        /* The partner search walks on the scratch above this walk's own
         * stack, which must survive it. */
        svm_context *p = partner(c, ctx, want, ch, scratch + w.top, cap - w.top, &pindex, &pbase);
        if (!p)
            continue;
        uint32_t pwraps;
        if (wraps_of(h, p->env, pindex, scratch + w.top, cap - w.top, &pwraps))
            return fault(c, ctx, SVM_FAULT_STACK_OVERFLOW, 0);
        if (pwraps && c->stack_room - p->sp < 2u * pwraps + 1u)
            return fault(c, ctx, SVM_FAULT_STACK_OVERFLOW, 0);
        uint32_t wraps = wraps_count(&w);
        if (svm_heap_available(h, 2) < (wraps ? 1u : 0u) + (pwraps ? 1u : 0u))
            return collect_for(c, (wraps ? 1u : 0u) + (pwraps ? 1u : 0u));
        svm_value sent = hi == SVM_KIND_EVT_SEND ? h->cells[svm_payload(base)].cdr : h->cells[svm_payload(pbase)].cdr;
        svm_value mine = hi == SVM_KIND_EVT_SEND ? SVM_UNIT : sent;
        svm_value theirs = hi == SVM_KIND_EVT_SEND ? sent : SVM_UNIT;
        /* The partner first: its event is its env, which the commit replaces. */
        svm_value pevent = p->env;
        commit(c, p, pevent, pindex, theirs, p->pc, now, scratch + w.top, cap - w.top);
        svm_vm_wake(c, p, now);
        commit(c, ctx, event, index, mine, next, now, scratch, cap);
        return SVM_RUN_QUANTUM;
    }
    if (r < 0)
        return fault(c, ctx, w.fault, w.bad);

    /* Nothing can commit: block with every base event as an offer. */
    ctx->pc = next;
    ctx->state = SVM_CTX_BLOCKED;
    ctx->block_seq = ++c->block_counter;
    ctx->has_timeout = timeout != UINT64_MAX;
    ctx->waits_io = (uint8_t)waits_io;
    ctx->timeout_base = (uint16_t)timeout_base;
    ctx->wake_at = timeout;
    return SVM_RUN_BLOCK;
}

/* A sync run again (ctx->resync: 1 after a collection, 2 woken by an
 * input to try its receives again) is the same sync: its `after` events
 * count from when it first ran, so neither moves a timeout; woken by an
 * input, it commits at once only the timeouts due when the input came. */
svm_run_status svm_sync(svm_container *c, svm_context *ctx, uint32_t next, uint64_t now)
{
    uint64_t start = ctx->resync && ctx->sync_start <= now ? ctx->sync_start : now;
    uint8_t woken = ctx->resync == 2 && ctx->wake_at >= start && ctx->wake_at <= now;
    uint64_t due = woken ? ctx->wake_at : now;
    ctx->resync = 0;
    ctx->sync_start = start;
    svm_run_status s = sync_from(c, ctx, next, now, start, due);
    if (s == SVM_RUN_COLLECT)
        ctx->resync = woken ? 2 : 1; /* (wake_at, untouched while it is ready, still says when) */
    return s;
}

svm_run_status svm_synct(svm_container *c, svm_context *ctx, uint32_t next, uint64_t now)
{
    if (!ctx->released) {
        if (ctx->sp < 2) {
            c->fault.code = SVM_FAULT_STACK_UNDERFLOW;
            c->fault.pc = ctx->pc;
            return SVM_RUN_FAULT;
        }
        svm_value baseline = ctx->stack[ctx->sp - 1], deadline = ctx->stack[ctx->sp - 2];
        if (svm_hi(baseline) != SVM_KIND_INT || svm_hi(deadline) != SVM_KIND_INT) {
            c->fault.code = SVM_FAULT_WRONG_KIND;
            c->fault.pc = ctx->pc;
            c->fault.expected = SVM_KIND_INT;
            c->fault.value = svm_hi(baseline) != SVM_KIND_INT ? baseline : deadline;
            return SVM_RUN_FAULT;
        }
        int32_t b = svm_int_of(baseline), d = svm_int_of(deadline);
        uint64_t release = ctx->logical + (uint64_t)(b > 0 ? b : 0) * 1000u;
        ctx->logical = release;
        ctx->has_deadline = d > 0;
        ctx->deadline = release + (uint64_t)(d > 0 ? d : 0) * 1000u;
        ctx->sp -= 2;
        if (release > now) { /* wait for the release, then run this synct again */
            ctx->released = 1;
            ctx->state = SVM_CTX_SLEEPING;
            ctx->wake_at = release;
            return SVM_RUN_BLOCK;
        }
    }
    ctx->released = 0;
    svm_run_status s = svm_sync(c, ctx, next, now);
    if (s == SVM_RUN_COLLECT || s == SVM_RUN_FAULT)
        ctx->released = 1; /* the operands are consumed: run only the sync again */
    return s;
}

int svm_event_timeout(svm_container *c, svm_context *ctx, uint64_t now)
{
    uint32_t cap;
    svm_value *scratch = scratch_of(c, ctx, 0, &cap);
    uint32_t wraps;
    if (wraps_of(&c->heap, ctx->env, ctx->timeout_base, scratch, cap, &wraps))
        return -2;
    if (wraps && svm_heap_available(&c->heap, 1) < 1)
        return -1;
    scratch = scratch_of(c, ctx, wraps ? 2u * wraps + 1u : 0u, &cap);
    commit(c, ctx, ctx->env, ctx->timeout_base, SVM_UNIT, ctx->pc, now, scratch, cap);
    return 0;
}
