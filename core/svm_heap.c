/* The container heap: fixed 16-byte cells, a free list, and a mark-sweep
 * collector.
 *
 * A collection is a resumable state machine (svm_gc_step): the scheduler
 * runs it a bounded number of constant-time steps at a time, so a
 * collection of any heap in a low-criticality container delays a higher
 * one by at most one slice of steps, and its work is charged to the
 * container that needs it.  The container's own contexts do not run until
 * it has finished: nothing else ever touches its heap meanwhile.
 *
 * Marking uses Deutsch-Schorr-Waite pointer reversal: the path from a root
 * to the cell being visited is kept in the visited cells' own fields, so
 * marking any structure (a list of a million cells, a left-nested tree)
 * needs no C recursion and no stack, only two bitmaps of one bit per cell
 * (mark, and which field of the cell the path goes through).  A field on
 * the path keeps its kind and constructor bits; only its 32-bit index is
 * borrowed.  Sweeping threads unmarked cells onto the free list in
 * ascending order.  The collector is deterministic and touches nothing
 * outside its container.
 *
 * Cells never used yet lie beyond a frontier (h->fresh) and are handed out
 * from there when the free list is empty, so starting a container touches
 * none of its heap and a collection sweeps only the part ever used.
 */
#include "svm.h"
#include "svm_bits.h"

#include <string.h>

static uint32_t bitmap_words(uint32_t ncells) { return (ncells + 31u) / 32u; }

static inline uint32_t lowest_bit(uint32_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (uint32_t)__builtin_ctz(x);
#else
    uint32_t n = 0;
    while (!(x & 1u)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

void svm_heap_init(svm_heap *h, svm_cell *cells, uint32_t ncells, uint32_t *mark, uint32_t *flip)
{
    h->cells = cells;
    h->ncells = ncells;
    h->mark = mark;
    h->flip = flip;
    h->collections = 0;
    h->high_water = 0;
    h->free = 0;
    h->fresh = 1; /* cell 0 is reserved */
    memset(mark, 0, bitmap_words(ncells) * sizeof(uint32_t));
    memset(flip, 0, bitmap_words(ncells) * sizeof(uint32_t));
}

/* Try to step from cell cur into *field: when the field points to an
 * unmarked cell, reverse it to point back at prev and return the cell's
 * index; otherwise 0. */
static inline uint32_t descend(svm_heap *h, svm_value *field, uint32_t prev)
{
    svm_value v = *field;
    if (!svm_is_pointer(v))
        return 0;
    uint32_t next = svm_payload(v);
    if (next == 0 || next >= h->fresh || svm_bit_get(h->mark, next))
        return 0;
    *field = (v & ~SVM_INDEX_MASK) | prev;
    svm_bit_set(h->mark, next);
    svm_bit_clear(h->flip, next);
    return next;
}

/* One step of pointer-reversal marking at cell *cur, *prev the path back:
 * descend into one unmarked field, or climb back one cell restoring the
 * field the path borrowed.  Constant work; the walk of a root ends when
 * the climb passes it (*cur becomes 0).  Returns the cells newly marked. */
static inline uint32_t mark_step(svm_heap *h, uint32_t *cur_, uint32_t *prev_)
{
    svm_cell *cells = h->cells;
    uint32_t cur = *cur_, next;
    if (!svm_bit_get(h->flip, cur)) {
        next = descend(h, &cells[cur].car, *prev_);
        if (next) {
            *prev_ = cur;
            *cur_ = next;
            return 1;
        }
        svm_bit_set(h->flip, cur);
    }
    next = descend(h, &cells[cur].cdr, *prev_);
    if (next) {
        *prev_ = cur;
        *cur_ = next;
        return 1;
    }
    /* cur and everything below it is marked: climb to its parent. */
    uint32_t parent = *prev_;
    if (parent == 0) {
        *cur_ = 0; /* the root is done */
        return 0;
    }
    svm_value *f = svm_bit_get(h->flip, parent) ? &cells[parent].cdr : &cells[parent].car;
    *prev_ = svm_payload(*f);
    *f = (*f & ~SVM_INDEX_MASK) | cur;
    *cur_ = parent;
    /* Back in the parent: if the path came through its car, its cdr is
     * next (flip set); through its cdr, the next step climbs again. */
    svm_bit_set(h->flip, parent);
    return 0;
}

uint32_t svm_heap_free_cells(const svm_heap *h)
{
    uint32_t n = h->ncells - h->fresh;
    for (uint32_t i = h->free; i != 0 && n < h->ncells; i = svm_payload(h->cells[i].car))
        n++;
    return n;
}

uint32_t svm_heap_high_water(const svm_heap *h)
{
    uint32_t allocated = h->collections ? 0 : h->fresh - 1;
    return h->high_water > allocated ? h->high_water : allocated;
}

uint32_t svm_heap_available(const svm_heap *h, uint32_t n)
{
    uint32_t k = h->ncells - h->fresh;
    for (uint32_t i = h->free; i != 0 && k < n; i = svm_payload(h->cells[i].car))
        k++;
    return k;
}

uint32_t svm_heap_take(svm_heap *h)
{
    uint32_t i = h->free;
    if (i != 0)
        h->free = svm_payload(h->cells[i].car);
    else
        i = h->fresh++;
    return i;
}

void svm_gc_begin(svm_container *c)
{
    svm_gc *gc = &c->gc;
    gc->phase = SVM_GC_MARK;
    gc->root_context = 0;
    gc->root_slot = 0;
    gc->cur = 0;
    gc->prev = 0;
    gc->live = 0;
    gc->sweep_word = 0;
    gc->sweep_tail = 0;
}

/* The next root to mark, if any: every live context's stack, then its env.
 * Returns 0 when all roots are done. */
static int next_root(svm_container *c, svm_value *root)
{
    svm_gc *gc = &c->gc;
    const svm_container_config *cfg = c->cfg;
    while (gc->root_context < cfg->ncontexts) {
        const svm_context *ctx = &cfg->contexts[gc->root_context];
        if (ctx->state != SVM_CTX_FREE && gc->root_slot <= ctx->sp) {
            uint32_t slot = gc->root_slot++;
            *root = slot < ctx->sp ? ctx->stack[slot] : ctx->env;
            return 1;
        }
        gc->root_context++;
        gc->root_slot = 0;
    }
    return 0;
}

/* Thread the unmarked cells of one bitmap word below the frontier onto the
 * new free list (in ascending order; the reserved cell 0 is its head while
 * it is built) and clear the word's marks.  Returns the steps it costs:
 * one, and one more per 4 cells threaded (a step is about as dear as a
 * marking step). */
static uint32_t sweep_word(svm_heap *h, svm_gc *gc, uint32_t k, uint32_t nwords)
{
    svm_cell *cells = h->cells;
    uint32_t unmarked = ~h->mark[k];
    if (k == 0)
        unmarked &= ~1u; /* cell 0 is reserved */
    if (k == nwords - 1 && (h->fresh & 31u))
        unmarked &= (1u << (h->fresh & 31u)) - 1u; /* never-used cells stay beyond the frontier */
    uint32_t tail = gc->sweep_tail, threaded = 0;
    while (unmarked) {
        uint32_t i = k * 32u + lowest_bit(unmarked);
        cells[tail].car = i;
        tail = i;
        unmarked &= unmarked - 1u;
        threaded++;
    }
    gc->sweep_tail = tail;
    h->mark[k] = 0;
    return 1u + threaded / 4u;
}

int svm_gc_step(svm_container *c, uint32_t *steps)
{
    svm_heap *h = &c->heap;
    svm_gc *gc = &c->gc;
    uint32_t n = *steps;
    uint32_t cur = gc->cur, prev = gc->prev, live = gc->live;
    while (n > 0 && gc->phase == SVM_GC_MARK) {
        n--;
        if (cur) {
            live += mark_step(h, &cur, &prev);
            continue;
        }
        svm_value root;
        if (next_root(c, &root)) {
            /* A root's cell not marked yet is where the marker goes next. */
            if (svm_is_pointer(root)) {
                uint32_t i = svm_payload(root);
                if (i != 0 && i < h->fresh && !svm_bit_get(h->mark, i)) {
                    svm_bit_set(h->mark, i);
                    svm_bit_clear(h->flip, i);
                    live++;
                    cur = i;
                    prev = 0;
                }
            }
            continue;
        }
        gc->phase = SVM_GC_SWEEP;
        gc->live = live;
        gc->sweep_word = 0;
        gc->sweep_tail = 0;
        h->cells[0].car = 0;
    }
    gc->cur = cur;
    gc->prev = prev;
    if (gc->phase == SVM_GC_MARK)
        gc->live = live;
    uint32_t nwords = bitmap_words(h->fresh);
    while (n > 0 && gc->phase == SVM_GC_SWEEP) {
        if (gc->sweep_word < nwords) {
            uint32_t cost = sweep_word(h, gc, gc->sweep_word++, nwords);
            n = cost < n ? n - cost : 0;
            continue;
        }
        n--;
        h->cells[gc->sweep_tail].car = 0;
        h->free = svm_payload(h->cells[0].car);
        h->cells[0].car = 0;
        h->collections++;
        if (gc->live > h->high_water)
            h->high_water = gc->live;
        gc->phase = SVM_GC_IDLE;
    }
    *steps = n;
    return gc->phase == SVM_GC_IDLE;
}
