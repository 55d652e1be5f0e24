/* The event script's parser (svm_script.h): shared by every target. */
#include "svm_script.h"

#include "svm.h"

#include <string.h>

/* The board's devices that a script may drive, and what each takes. */
static const char *const board_inputs[] = {"BUTTON0", "BUTTON1", "UART0", "SENSOR0"};
static const char *const board_outputs[] = {"LED0", "LED1", "LED2", "LED3"};

typedef struct text {
    char *buf;
    uint32_t size, len;
} text;

static void put(text *t, const char *s, uint32_t n)
{
    while (n-- && t->len + 1 < t->size)
        t->buf[t->len++] = *s++;
    if (t->size)
        t->buf[t->len < t->size ? t->len : t->size - 1] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, (uint32_t)strlen(s)); }

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The next word of line[*at..len): its start and length, 0 at the end. */
static uint32_t word(const char *line, uint32_t len, uint32_t *at, const char **start)
{
    while (*at < len && is_space(line[*at]))
        (*at)++;
    *start = line + *at;
    uint32_t n = 0;
    if (*at < len && line[*at] == '"') { /* a quoted string is one word */
        n = 1;
        while (*at + n < len && line[*at + n] != '"') {
            if (line[*at + n] == '\\' && *at + n + 1 < len)
                n++;
            n++;
        }
        if (*at + n < len)
            n++; /* the closing quote */
    } else {
        while (*at + n < len && !is_space(line[*at + n]) && line[*at + n] != '#')
            n++;
    }
    *at += n;
    return n;
}

static int same(const char *w, uint32_t n, const char *s) { return strlen(s) == n && memcmp(w, s, n) == 0; }

/* A decimal integer of the whole word (optionally negative): 0, or -1. */
static int number(const char *w, uint32_t n, int negative_ok, uint64_t limit, int64_t *out)
{
    int neg = 0;
    uint32_t i = 0;
    if (n && w[0] == '-' && negative_ok) {
        neg = 1;
        i = 1;
    }
    if (i == n)
        return -1;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (w[i] < '0' || w[i] > '9')
            return -1;
        v = v * 10u + (uint64_t)(w[i] - '0');
        if (v > limit)
            return -1;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

static int fail(text *t, const char *a, const char *w, uint32_t n, const char *b)
{
    puts_(t, a);
    put(t, w, n);
    puts_(t, b);
    return -1;
}

int svm_script_parse_line(svm_script *s, const svm_vm *vm, const char *line, uint32_t len,
                          svm_script_input *out, uint32_t cap, uint32_t *n, char *why, uint32_t why_size)
{
    text t = {why, why_size, 0};
    if (why_size)
        why[0] = '\0';
    s->line++;
    *n = 0;
    uint32_t at = 0;
    const char *w;
    uint32_t wn = word(line, len, &at, &w);
    if (wn == 0)
        return 0; /* blank, or a comment */
    int64_t us;
    if (number(w, wn, 0, UINT64_MAX / 1000u / 10u, &us))
        return fail(&t, "'", w, wn, "' is not a time in microseconds: a line is 'TIME_US DEVICE ACTION'");
    uint64_t t_ns = (uint64_t)us * 1000u;
    if (t_ns < s->last_ns)
        return fail(&t, "time ", w, wn, " us goes back: the times of a script never decrease");
    const char *dev;
    uint32_t dn = word(line, len, &at, &dev);
    if (dn == 0)
        return fail(&t, "a line is 'TIME_US DEVICE ACTION': no device after ", w, wn, "");
    char name[16];
    if (dn >= sizeof name)
        return fail(&t, "no device '", dev, dn, "' on the board (BUTTON0, BUTTON1, UART0, SENSOR0)");
    memcpy(name, dev, dn);
    name[dn] = '\0';
    int index = svm_device_find(vm, name);
    for (uint32_t i = 0; i < sizeof board_outputs / sizeof *board_outputs; i++)
        if (strcmp(name, board_outputs[i]) == 0)
            return fail(&t, "", dev, dn, " is an output: a script drives only BUTTON0, BUTTON1, UART0 and SENSOR0");
    int known = 0;
    for (uint32_t i = 0; i < sizeof board_inputs / sizeof *board_inputs; i++)
        known |= strcmp(name, board_inputs[i]) == 0;
    if (!known)
        return fail(&t, "no device '", dev, dn, "' on the board (BUTTON0, BUTTON1, UART0, SENSOR0)");
    if (index < 0)
        return fail(&t, "", dev, dn, " is not in this product: no container owns it (CONFIG_SVM_DEVICE_<NAME>_OWNER_<slot>)");
    const char *act;
    uint32_t an = word(line, len, &at, &act);
    const char *extra;
    uint32_t xn = word(line, len, &at, &extra);
    if (an == 0)
        return fail(&t, "no action for ", dev, dn, " (press, release, a number or a \"string\")");
    if (xn)
        return fail(&t, "'", extra, xn, "' after the action: a line is 'TIME_US DEVICE ACTION'");
    uint32_t kind = vm->devices[index].cfg->kind;
    int64_t v;
    if (kind == SVM_DEVICE_BUTTON) {
        if (same(act, an, "press"))
            v = 1;
        else if (same(act, an, "release"))
            v = 0;
        else
            return fail(&t, "a button is pressed or released, not '", act, an, "'");
    } else if (kind == SVM_DEVICE_SENSOR) {
        if (number(act, an, 1, 0x7fffffffu, &v))
            return fail(&t, "a sensor reading is an integer of 32 bits, not '", act, an, "'");
    } else if (act[0] == '"') { /* the UART: bytes */
        if (an < 2 || act[an - 1] != '"')
            return fail(&t, "a string has no closing quote: ", act, an, "");
        for (uint32_t i = 1; i + 1 < an; i++) {
            char c = act[i];
            if (c == '\\') {
                c = act[++i];
                c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '0' ? '\0' : c;
            }
            if (*n >= cap)
                return fail(&t, "more inputs than the script's table holds: a shorter script", "", 0, "");
            out[*n].t_ns = t_ns;
            out[*n].device = (uint32_t)index;
            out[*n].value = (int32_t)(unsigned char)c;
            (*n)++;
        }
        s->last_ns = t_ns;
        return 0;
    } else if (number(act, an, 0, 255, &v)) {
        return fail(&t, "the UART receives a byte (0..255) or a \"string\", not '", act, an, "'");
    }
    if (cap == 0)
        return fail(&t, "more inputs than the script's table holds: a shorter script", "", 0, "");
    out[0].t_ns = t_ns;
    out[0].device = (uint32_t)index;
    out[0].value = (int32_t)v;
    *n = 1;
    s->last_ns = t_ns;
    return 0;
}
