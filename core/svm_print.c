/* Printing values in the value format of ISA.md, without recursion.
 *
 * A small explicit stack of frames (in the container) replaces recursion.
 * Closing parentheses of nested pairs and constructors are counted in one
 * frame, so a right-nested list of any length prints in constant space;
 * structures nested deeper on the left than the frame stack allows print
 * their innermost part as "...".
 */
#include "svm.h"
#include "svm_hal.h"

#include <stdio.h>

enum { PF_VALUE, PF_VALUE_AFTER_COMMA, PF_CLOSE };

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
    uint32_t n = sizeof buf;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do {
        buf[--n] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u);
    if (v < 0)
        buf[--n] = '-';
    out(c, buf + n, (uint32_t)sizeof buf - n);
}

static void out_float(svm_container *c, float f)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%g", (double)f);
    if (n > 0)
        out(c, buf, (uint32_t)n < sizeof buf ? (uint32_t)n : (uint32_t)sizeof buf - 1);
}

/* Push a closing frame, folding it into a closing frame on top. */
static uint32_t push_close(svm_container *c, uint32_t top)
{
    if (top > 0 && c->print_stack[top - 1].what == PF_CLOSE) {
        c->print_stack[top - 1].count++;
        return top;
    }
    c->print_stack[top].what = PF_CLOSE;
    c->print_stack[top].count = 1;
    return top + 1;
}

void svm_print_line(svm_container *c, svm_value root)
{
    svm_print_frame *st = c->print_stack;
    const svm_cell *cells = c->heap.cells;
    uint32_t top = 0;
    st[top].what = PF_VALUE;
    st[top].value = root;
    top++;
    while (top > 0) {
        svm_print_frame f = st[--top];
        if (f.what == PF_CLOSE) {
            for (uint32_t i = 0; i < f.count; i++)
                out(c, ")", 1);
            continue;
        }
        if (f.what == PF_VALUE_AFTER_COMMA)
            out(c, ", ", 2);
        svm_value v = f.value;
        /* Room for the two or three frames a pair or constructor pushes. */
        if (top + 3 > SVM_PRINT_DEPTH) {
            out(c, "...", 3);
            continue;
        }
        uint32_t ctor = svm_ctor_field(v);
        if (ctor) {
            out(c, "#", 1);
            out_int(c, (int32_t)(ctor - 1u));
            out(c, "(", 1);
            top = push_close(c, top);
            st[top].what = PF_VALUE;
            st[top].value = svm_kind(v) == SVM_KIND_BOX ? cells[svm_payload(v)].car : (v & ~SVM_CTOR_MASK);
            top++;
            continue;
        }
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
        case SVM_KIND_PAIR:
            out(c, "(", 1);
            top = push_close(c, top);
            st[top].what = PF_VALUE_AFTER_COMMA;
            st[top].value = cells[svm_payload(v)].cdr;
            top++;
            st[top].what = PF_VALUE;
            st[top].value = cells[svm_payload(v)].car;
            top++;
            break;
        default:
            out_str(c, "<");
            out_str(c, svm_kind_name(v));
            out_str(c, ">");
            break;
        }
    }
    out(c, "\n", 1);
    flush(c);
}
