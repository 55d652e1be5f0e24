/* The container heap: fixed 16-byte cells, a free list, and a mark-sweep
 * collector.
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

/* Thread the unmarked cells below the frontier onto the free list in
 * ascending order, a bitmap word at a time (a word of live cells costs one
 * test), and clear the marks.  The reserved cell 0 is the list's head
 * while it is built. */
static void sweep(svm_heap *h)
{
    svm_cell *cells = h->cells;
    uint32_t tail = 0;
    uint32_t nwords = bitmap_words(h->fresh);
    for (uint32_t k = 0; k < nwords; k++) {
        uint32_t unmarked = ~h->mark[k];
        if (k == 0)
            unmarked &= ~1u; /* cell 0 is reserved */
        if (k == nwords - 1 && (h->fresh & 31u))
            unmarked &= (1u << (h->fresh & 31u)) - 1u; /* never-used cells stay beyond the frontier */
        while (unmarked) {
            uint32_t i = k * 32u + lowest_bit(unmarked);
            cells[tail].car = i;
            tail = i;
            unmarked &= unmarked - 1u;
        }
        h->mark[k] = 0;
    }
    cells[tail].car = 0;
    h->free = svm_payload(cells[0].car);
    cells[0].car = 0;
}

void svm_heap_init(svm_heap *h, svm_cell *cells, uint32_t ncells, uint32_t *mark, uint32_t *flip)
{
    h->cells = cells;
    h->ncells = ncells;
    h->mark = mark;
    h->flip = flip;
    h->collections = 0;
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

static void mark_from(svm_heap *h, svm_value root)
{
    if (!svm_is_pointer(root))
        return;
    uint32_t cur = svm_payload(root);
    if (cur == 0 || cur >= h->fresh || svm_bit_get(h->mark, cur))
        return;
    svm_cell *cells = h->cells;
    uint32_t prev = 0;
    svm_bit_set(h->mark, cur);
    svm_bit_clear(h->flip, cur);
    for (;;) {
        uint32_t next;
        if (!svm_bit_get(h->flip, cur)) {
            next = descend(h, &cells[cur].car, prev);
            if (next) {
                prev = cur;
                cur = next;
                continue;
            }
            svm_bit_set(h->flip, cur);
        }
        next = descend(h, &cells[cur].cdr, prev);
        if (next) {
            prev = cur;
            cur = next;
            continue;
        }
        /* cur and everything below it is marked: climb back up, restoring
         * the reversed fields, until a cell whose cdr is still to do. */
        for (;;) {
            if (prev == 0)
                return;
            uint32_t parent = prev;
            if (!svm_bit_get(h->flip, parent)) {
                svm_value *f = &cells[parent].car;
                prev = svm_payload(*f);
                *f = (*f & ~SVM_INDEX_MASK) | cur;
                cur = parent;
                svm_bit_set(h->flip, parent);
                break;
            }
            svm_value *f = &cells[parent].cdr;
            prev = svm_payload(*f);
            *f = (*f & ~SVM_INDEX_MASK) | cur;
            cur = parent;
        }
    }
}

uint32_t svm_heap_free_cells(const svm_heap *h)
{
    uint32_t n = h->ncells - h->fresh;
    for (uint32_t i = h->free; i != 0 && n < h->ncells; i = svm_payload(h->cells[i].car))
        n++;
    return n;
}

uint32_t svm_heap_collect(svm_container *c, svm_value a, svm_value b)
{
    svm_heap *h = &c->heap;
    const svm_container_config *cfg = c->cfg;
    for (uint32_t i = 0; i < cfg->ncontexts; i++) {
        const svm_context *ctx = &cfg->contexts[i];
        if (ctx->state == SVM_CTX_FREE)
            continue;
        mark_from(h, ctx->env);
        for (uint32_t j = 0; j < ctx->sp; j++)
            mark_from(h, ctx->stack[j]);
    }
    mark_from(h, a);
    mark_from(h, b);
    sweep(h);
    h->collections++;
    uint32_t cell = h->free;
    if (cell != 0)
        h->free = svm_payload(h->cells[cell].car);
    return cell;
}
