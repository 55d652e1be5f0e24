/* Ports between containers: bounded storage owned by the port, deep copies
 * in and out, no pointer across containers.
 *
 * A send copies the value into the port's next free message: the first
 * cell copied is the message's cell 0, and the message's cells are then
 * scanned in order, each pointer field copying its cell to the end and
 * becoming that cell's index (Cheney's scan: the copy is its own queue, so
 * there is no C recursion and no stack).  Sharing is copied as the tree it
 * stands for, bounded by the port's MAX_CELLS: a larger message is a fault
 * of the sender, as is a closure, a channel or an event in it.  A
 * receive allocates the message's cells in the receiver's heap and copies
 * them, translating indices through the port's map.  Each costs at most
 * MAX_CELLS cells of work: that is what a lower container's flood can cost
 * a higher receiver, and only when the receiver chooses to receive.  A
 * sampling port's send walks the value once more first (check_message):
 * its one message is overwritten in place, and a send refused half way
 * must leave the receiver the last whole value.
 */
#include "svm.h"
#include "svm_bits.h"

static int sendable_immediate(svm_value v)
{
    uint32_t k = svm_kind(v);
    return k == SVM_KIND_INT || k == SVM_KIND_BOOL || k == SVM_KIND_UNIT || k == SVM_KIND_FLOAT;
}

/* v (of the sender's heap) as a value of the message: a pair or box is
 * copied to the message's next cell. */
static svm_fault in_ref(const svm_heap *h, svm_cell *cells, uint32_t *n, uint32_t max, svm_value v, svm_value *out)
{
    uint32_t k = svm_kind(v);
    if (k == SVM_KIND_PAIR || k == SVM_KIND_BOX) {
        if (*n == max)
            return SVM_FAULT_MESSAGE_SIZE;
        cells[*n] = h->cells[svm_payload(v)];
        *out = (v & ~SVM_INDEX_MASK) | *n;
        (*n)++;
        return SVM_FAULT_NONE;
    }
    if (!sendable_immediate(v))
        return SVM_FAULT_MESSAGE;
    *out = v;
    return SVM_FAULT_NONE;
}

/* v as in_ref would take it, without copying: a pair or box is queued
 * (its cell index) for its fields to be looked at. */
static svm_fault check_ref(uint32_t *queue, uint32_t *n, uint32_t max, svm_value v)
{
    uint32_t k = svm_kind(v);
    if (k == SVM_KIND_PAIR || k == SVM_KIND_BOX) {
        if (*n == max)
            return SVM_FAULT_MESSAGE_SIZE;
        queue[(*n)++] = svm_payload(v);
        return SVM_FAULT_NONE;
    }
    return sendable_immediate(v) ? SVM_FAULT_NONE : SVM_FAULT_MESSAGE;
}

/* The fault the copy of v would meet, in the order it would meet it, or
 * none: the same walk as the copy's (the port's map is its queue), for a
 * sampling port, whose one message a refused copy must not spoil. */
static svm_fault check_message(const svm_heap *h, uint32_t *queue, uint32_t max, svm_value v)
{
    uint32_t n = 0;
    svm_fault f = check_ref(queue, &n, max, v);
    for (uint32_t scan = 0; f == SVM_FAULT_NONE && scan < n; scan++) {
        const svm_cell *cell = &h->cells[queue[scan]];
        f = check_ref(queue, &n, max, cell->car);
        if (f == SVM_FAULT_NONE)
            f = check_ref(queue, &n, max, cell->cdr);
    }
    return f;
}

svm_fault svm_port_send(svm_container *sender, svm_port *p, svm_value v, uint64_t now)
{
    const svm_port_config *cfg = p->cfg;
    uint32_t slot;
    if (cfg->kind == SVM_PORT_SAMPLING) {
        /* The message is overwritten in place: a send refused (too large,
         * or a closure in it) leaves the last value the receiver has. */
        svm_fault f = check_message(&sender->heap, cfg->map, cfg->max_cells, v);
        if (f != SVM_FAULT_NONE)
            return f;
        slot = 0;
        p->count = 0; /* (the copy below cannot fail now) */
    } else {
        if (p->count == cfg->depth) {
            /* Never block the sender: the message is dropped and counted. */
            p->dropped++;
            sender->port_drops++;
            return SVM_FAULT_NONE;
        }
        slot = (p->head + p->count) % cfg->depth;
    }
    svm_cell *cells = cfg->cells + (size_t)slot * cfg->max_cells;
    svm_port_message *m = &cfg->messages[slot];
    const svm_heap *h = &sender->heap;
    uint32_t n = 0;
    svm_value root;
    svm_fault f = in_ref(h, cells, &n, cfg->max_cells, v, &root);
    for (uint32_t scan = 0; f == SVM_FAULT_NONE && scan < n; scan++) {
        f = in_ref(h, cells, &n, cfg->max_cells, cells[scan].car, &cells[scan].car);
        if (f == SVM_FAULT_NONE)
            f = in_ref(h, cells, &n, cfg->max_cells, cells[scan].cdr, &cells[scan].cdr);
    }
    if (f != SVM_FAULT_NONE)
        return f;
    m->root = root;
    m->ncells = n;
    m->time = now;
    p->count++;
    p->sent++;
    return SVM_FAULT_NONE;
}

uint32_t svm_port_cells_needed(const svm_port *p, int *available)
{
    *available = p->count > 0;
    if (!p->count)
        return 0;
    const svm_port_message *m = &p->cfg->messages[p->cfg->kind == SVM_PORT_SAMPLING ? 0 : p->head];
    return m->ncells + (p->cfg->kind == SVM_PORT_SAMPLING ? 1u : 0u);
}

static svm_value out_ref(const uint32_t *map, svm_value v)
{
    return svm_is_pointer(v) ? (v & ~SVM_INDEX_MASK) | map[svm_payload(v)] : v;
}

svm_value svm_port_receive(svm_container *receiver, svm_port *p, uint64_t now)
{
    const svm_port_config *cfg = p->cfg;
    uint32_t slot = cfg->kind == SVM_PORT_SAMPLING ? 0 : p->head;
    const svm_port_message *m = &cfg->messages[slot];
    const svm_cell *cells = cfg->cells + (size_t)slot * cfg->max_cells;
    svm_heap *h = &receiver->heap;
    uint32_t *map = cfg->map;
    for (uint32_t k = 0; k < m->ncells; k++)
        map[k] = svm_heap_take(h);
    for (uint32_t k = 0; k < m->ncells; k++) {
        h->cells[map[k]].car = out_ref(map, cells[k].car);
        h->cells[map[k]].cdr = out_ref(map, cells[k].cdr);
    }
    svm_value v = out_ref(map, m->root);
    p->delivered++;
    if (cfg->kind == SVM_PORT_QUEUING) {
        p->head = (p->head + 1) % cfg->depth;
        p->count--;
        return v;
    }
    uint64_t age = (now - m->time) / 1000u;
    uint32_t pair = svm_heap_take(h);
    h->cells[pair].car = v;
    h->cells[pair].cdr = svm_int(age > 0x7fffffffu ? 0x7fffffff : (int32_t)age);
    return svm_make(SVM_KIND_PAIR, pair);
}
