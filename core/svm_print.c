/* Printing values in the value format of ISA.md, in constant space.
 *
 * Nested pairs and boxed constructors are walked by pointer reversal, as
 * the collector marks (svm_heap.c): the path back to the root is kept in
 * the fields of the cells on it, so a structure of any depth or shape
 * prints completely with no recursion and no stack.  This works because
 * the heap is a DAG: cells are immutable and only ever point to cells that
 * existed before them, so a cell is never twice on one path.  The fields
 * are restored on the way back, and the two per-cell bits used (the
 * collector's flip bitmap: which field the path goes through; its mark
 * bitmap: the cell is a box) are left as the collector expects them
 * (marks clear).
 *
 * Sharing makes a DAG print as the tree it stands for, which can be
 * exponentially larger than the heap: one print writes at most
 * print_limit values (CONFIG_SVM_PRINT_LIMIT), then "..." ends the line.
 */
#include "svm.h"
#include "svm_bits.h"
#include "svm_format.h"
#include "svm_hal.h"

static void flush(svm_container *c)
{
    if (c->line_len) {
        svm_hal_console_write(c, c->line, c->line_len);
        c->line_len = 0;
    }
}

static void out(svm_container *c, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (c->line_len == sizeof c->line)
            flush(c);
        c->line[c->line_len++] = s[i];
    }
}

static void out_str(svm_container *c, const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    out(c, s, n);
}

static void out_int(svm_container *c, int32_t v)
{
    char buf[12];
    out(c, buf, svm_format_int(buf, v));
}

static void out_float(svm_container *c, float f)
{
    char buf[SVM_FORMAT_FLOAT_SIZE];
    out(c, buf, svm_format_float(buf, f));
}

static int walks_into(svm_value v)
{
    uint32_t k = svm_kind(v);
    return k == SVM_KIND_PAIR || k == SVM_KIND_BOX;
}

/* What precedes a value: "#t(" for a constructor, "(" for a pair. */
static void open_value(svm_container *c, svm_value v)
{
    uint32_t ctor = svm_ctor_field(v);
    if (ctor) {
        out(c, "#", 1);
        out_int(c, (int32_t)(ctor - 1u));
        out(c, "(", 1);
    }
    if (svm_kind(v) == SVM_KIND_PAIR)
        out(c, "(", 1);
}

/* What follows a value: the closing parentheses open_value wrote. */
static void close_value(svm_container *c, svm_value v)
{
    if (svm_kind(v) == SVM_KIND_PAIR)
        out(c, ")", 1);
    if (svm_ctor_field(v))
        out(c, ")", 1);
}

/* A value with no cell to walk into: an immediate or a closure. */
static void print_leaf(svm_container *c, svm_value v)
{
    open_value(c, v);
    switch (svm_kind(v)) {
    case SVM_KIND_INT:
        out_int(c, svm_int_of(v));
        break;
    case SVM_KIND_BOOL:
        out_str(c, svm_payload(v) ? "true" : "false");
        break;
    case SVM_KIND_UNIT:
        out(c, "()", 2);
        break;
    case SVM_KIND_FLOAT:
        out_float(c, svm_float_of(v));
        break;
    case SVM_KIND_COMB:
    case SVM_KIND_CLOSURE:
        out_str(c, "<closure>");
        break;
    default: /* a channel, an event, ...: its kind's name, also as a constructor's field */
        out_str(c, "<");
        out_str(c, svm_kind_name(svm_make(svm_kind(v), 0)));
        out_str(c, ">");
        break;
    }
    close_value(c, v);
}

uint32_t svm_print_line(svm_container *c, svm_value root)
{
    if (!walks_into(root)) {
        print_leaf(c, root);
        out(c, "\n", 1);
        flush(c);
        return 1;
    }
    /* Values (cells and leaves) this print may still write: a structure
     * that shares cells can print exponentially more than it holds, and
     * one instruction must end in bounded time. */
    uint32_t left = c->cfg->print_limit;
    svm_heap *h = &c->heap;
    svm_cell *cells = h->cells;
    uint32_t *in_cdr = h->flip; /* the path leaves this cell through its cdr */
    uint32_t *is_box = h->mark; /* this cell is a box: only its car is printed */
    uint32_t prev = 0;
    uint32_t cur = svm_payload(root);
    open_value(c, root);
    svm_bit_put(in_cdr, cur, 0);
    svm_bit_put(is_box, cur, svm_kind(root) == SVM_KIND_BOX);
    for (;;) {
        /* Print the fields of cur still to do, walking into the first
         * field that has a cell to walk into. */
        svm_value *field = NULL;
        if (left > 0 && !svm_bit_get(in_cdr, cur)) {
            svm_value v = cells[cur].car;
            if (walks_into(v)) {
                field = &cells[cur].car;
            } else {
                left--;
                print_leaf(c, v);
                if (!svm_bit_get(is_box, cur)) {
                    out(c, ", ", 2);
                    svm_bit_put(in_cdr, cur, 1);
                }
            }
        }
        if (left > 0 && !field && svm_bit_get(in_cdr, cur)) {
            svm_value v = cells[cur].cdr;
            if (walks_into(v))
                field = &cells[cur].cdr;
            else {
                left--;
                print_leaf(c, v);
            }
        }
        if (left > 0 && field) {
            left--;
            svm_value v = *field;
            uint32_t next = svm_payload(v);
            open_value(c, v);
            *field = (v & ~SVM_INDEX_MASK) | prev;
            prev = cur;
            cur = next;
            svm_bit_put(in_cdr, cur, 0);
            svm_bit_put(is_box, cur, svm_kind(v) == SVM_KIND_BOX);
            continue;
        }
        /* cur is printed, or the limit is reached: climb back, restoring
         * fields and closing values, until a pair whose cdr is still to
         * print (with the limit reached, up to the root: the climb is as
         * long as the path, so it ends). */
        for (;;) {
            svm_bit_put(is_box, cur, 0);
            if (prev == 0) {
                if (left == 0)
                    out(c, "...", 3);
                else
                    close_value(c, root);
                out(c, "\n", 1);
                flush(c);
                return c->cfg->print_limit - left + 1;
            }
            uint32_t parent = prev;
            int from_cdr = svm_bit_get(in_cdr, parent);
            svm_value *f = from_cdr ? &cells[parent].cdr : &cells[parent].car;
            prev = svm_payload(*f);
            *f = (*f & ~SVM_INDEX_MASK) | cur;
            if (left > 0)
                close_value(c, *f);
            cur = parent;
            if (left > 0 && !from_cdr && !svm_bit_get(is_box, cur)) {
                out(c, ", ", 2);
                svm_bit_put(in_cdr, cur, 1);
                break;
            }
        }
    }
}
