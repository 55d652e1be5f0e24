/* svm-run: the host runner of a Sense-VM product.
 *
 *   svm-run [options] [PROGRAM.svmb]
 *
 * Without PROGRAM, runs the product's containers with the programs the
 * product embeds, and ends with a summary table per container.  With
 * PROGRAM, runs that image alone in the first container and prints
 * nothing but what the program prints (and one line if it faults).
 *
 * Health events (faults, restarts, stops) are one line each on stderr,
 * with the time:  svm: [12.345 ms] container 'sensor': fault at pc 12:
 * division by zero; restart 1 of 3
 *
 * --update MS:FILE verifies FILE at MS of the run and, only if it passes,
 * makes it the first container's program (a field update): a rejected
 * update leaves the running program as it was.
 *
 * --events FILE plays an event script (hal/svm_script.h): at each line's
 * time its input reaches the device (a button edge, a sensor reading,
 * bytes for the UART) as the board's interrupt would bring it.  With the
 * virtual clock the run, its LED trace included, is the same every time.
 *
 * --source-map [NAME=]FILE (written by svm compile --source-map, and by the
 * generator for a container whose PROGRAM is a .cam) says where each
 * instruction of container NAME's program (the first container's without
 * NAME=) was compiled from: its faults then name their source line, and
 * show it, under the fault's line.
 *
 * Exit status: 0 the run ended and no container was stopped by a fault;
 * 1 a container faulted and was stopped; 2 an image was rejected; 3 usage
 * or file error; 4 a container's policy escalated (the VM must reset).
 */
#include "svm.h"
#include "svm_autoconf.h"
#include "svm_hal_posix.h"
#include "svm_script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern svm_vm svm_product_vm;

enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_REJECT = 2, EXIT_USAGE = 3, EXIT_ESCALATE = 4 };

/* The image read from a file, and the loader scratch for it: static, like
 * every buffer of the VM (the product's own scratch covers only its
 * embedded images). */
static uint8_t image_buffer[CONFIG_SVM_HOST_MAX_IMAGE];
static uint8_t update_buffer[CONFIG_SVM_HOST_MAX_IMAGE];
static uint32_t verify_bits[(CONFIG_SVM_HOST_MAX_IMAGE + 31) / 32];

/* Most inputs an event script may hold (a string sent to the UART is one per byte). */
#define SVM_HOST_MAX_INPUTS 65536

static const char usage_text[] =
    "usage: svm-run [--duration MS] [--clock virtual|real] [--ns-per-instruction N]\n"
    "               [--report FILE] [--trace FILE] [--heap-cells N] [--stack-depth N]\n"
    "               [--budget N] [--update MS:FILE] [--events FILE] [--stats]\n"
    "               [--source-map [CONTAINER=]FILE]... [PROGRAM.svmb]\n";

static int usage(void)
{
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

static int parse_count(const char *opt, const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || end == s || s[0] == '-' || v == 0 || v > 0xffffffffULL) {
        fprintf(stderr, "svm-run: %s needs a whole number from 1 to 4294967295, not '%s'\n", opt, s);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static long read_file(const char *path, uint8_t *buffer, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "svm-run: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(buffer, 1, size, f);
    int more = fgetc(f) != EOF;
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "svm-run: cannot read '%s'\n", path);
        return -1;
    }
    if (more) {
        fprintf(stderr, "svm-run: '%s' is larger than %u bytes (CONFIG_SVM_HOST_MAX_IMAGE)\n", path,
                (unsigned)size);
        return -1;
    }
    return (long)n;
}

/* ---------------------------------------------------------- source map */

/* A container's source map, from --source-map [NAME=]FILE: the source
 * position of each pc of its program (line 0: none). */
typedef struct source_map {
    const svm_container *c; /* NULL: not in use */
    char path[4096];        /* the source program */
    uint32_t line[CONFIG_SVM_HOST_MAX_IMAGE];
    uint32_t col[CONFIG_SVM_HOST_MAX_IMAGE];
} source_map;

/* A product has at most 8 containers (Kconfig's slots 0-7). */
#define MAX_SOURCE_MAPS 8
static source_map source_maps[MAX_SOURCE_MAPS];

/* Read a source map for container c: "# ..." comments, one "source PATH"
 * line, then "PC LINE COL" lines.  An error names the file and line. */
static int read_source_map(source_map *m, const svm_container *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "svm-run: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    char line[4200];
    unsigned number = 0;
    int ok = 1;
    while (ok && fgets(line, sizeof line, f)) {
        number++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(f)) { /* a line longer than any a map has */
            ok = 0;
            break;
        }
        if (len && line[len - 1] == '\r') /* a map written with CR LF */
            line[--len] = '\0';
        unsigned long pc, l, col;
        char extra;
        if (line[0] == '#' || len == 0)
            continue;
        if (strncmp(line, "source ", 7) == 0 && len - 7 < sizeof m->path && !m->path[0]) {
            memcpy(m->path, line + 7, len - 7 + 1);
        } else if (sscanf(line, "%lu %lu %lu %c", &pc, &l, &col, &extra) == 3 && pc < CONFIG_SVM_HOST_MAX_IMAGE &&
                   l > 0 && l <= UINT32_MAX && col <= UINT32_MAX) {
            m->line[pc] = (uint32_t)l;
            m->col[pc] = (uint32_t)col;
        } else {
            ok = 0;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err || !ok || !m->path[0]) {
        fprintf(stderr, "svm-run: %s:%u: error: not a source map (svm compile --source-map writes one)\n", path,
                err || !ok ? number : number + 1);
        return -1;
    }
    m->c = c;
    return 0;
}

/* --source-map [NAME=]FILE: the map of container NAME (the first one
 * without NAME=), read now.  A NAME is an identifier before the first '=';
 * give ./FILE for a file whose name has one. */
static int add_source_map(const svm_vm *vm, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : 0;
    int named = eq && len > 0 && strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == len;
    const svm_container *c = &vm->containers[0];
    if (named) {
        c = NULL;
        for (uint32_t i = 0; i < vm->ncontainers; i++)
            if (strlen(vm->containers[i].cfg->name) == len && strncmp(vm->containers[i].cfg->name, arg, len) == 0)
                c = &vm->containers[i];
        if (!c) {
            fprintf(stderr, "svm-run: --source-map %s: this product has no container '%.*s' (it has", arg, (int)len,
                    arg);
            for (uint32_t i = 0; i < vm->ncontainers; i++)
                fprintf(stderr, "%s '%s'", i ? "," : "", vm->containers[i].cfg->name);
            fputs(")\n", stderr);
            return -1;
        }
    }
    for (uint32_t i = 0; i < MAX_SOURCE_MAPS; i++)
        if (!source_maps[i].c || source_maps[i].c == c) {
            memset(&source_maps[i], 0, sizeof source_maps[i]);
            return read_source_map(&source_maps[i], c, named ? eq + 1 : arg);
        }
    return -1; /* unreachable: a map per container at most */
}

/* c's map (NULL: none). */
static source_map *map_of(const svm_container *c)
{
    for (uint32_t i = 0; i < MAX_SOURCE_MAPS; i++)
        if (source_maps[i].c == c)
            return &source_maps[i];
    return NULL;
}

/* A source line's columns [from, from + width) as the compiler's errors
 * show them (compiler/errors.py render): a tab to the next multiple of 8,
 * a UTF-8 character one column (caret_pad places the caret by terminal
 * width), a control character U+FFFD.  Written to out (NUL-terminated, at
 * most cap bytes) when out is given; returns the line's width in columns. */
static uint32_t source_columns(const char *text, size_t len, uint32_t from, uint32_t width, char *out, size_t cap)
{
    static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD, for a control character */
    uint32_t column = 0; /* columns before this character */
    size_t n = 0;
    int shown = 0;   /* the current character is in the window */
    int control = 0; /* ... and a C1 control character (C2 80-9F), shown as U+FFFD */
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch & 0xc0u) == 0x80u) { /* a continuation byte: the character before's */
            if (shown && !control && out && n + 1 < cap)
                out[n++] = (char)ch;
            continue;
        }
        control = ch < 0x20 || ch == 0x7f || (ch == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] < 0xa0);
        uint32_t cols = ch == '\t' ? 8u - column % 8u : 1u;
        for (uint32_t k = 0; k < cols; k++, column++) {
            shown = column >= from && column - from < width;
            if (!shown || !out)
                continue;
            if (ch == '\t' && n + 1 < cap)
                out[n++] = ' ';
            else if (control && ch != '\t' && n + 3 < cap) {
                memcpy(out + n, replacement, 3);
                n += 3;
            } else if (!control && n + 1 < cap)
                out[n++] = (char)ch;
        }
    }
    if (out && cap)
        out[n] = '\0';
    return column;
}

/* The columns a terminal gives code point cp: 2 (East Asian wide), 0 (a
 * combining mark, a zero-width space) or 1: compiler/errors.py's table. */
static uint32_t char_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF}, {0x3400, 0x4DBF},
                                       {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
                                       {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
                                       {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
    static const uint32_t zero[][2] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
                                       {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}};
    for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++)
        if (cp >= wide[k][0] && cp <= wide[k][1])
            return 2;
    for (size_t k = 0; k < sizeof zero / sizeof zero[0]; k++)
        if (cp >= zero[k][0] && cp <= zero[k][1])
            return 0;
    return 1;
}

/* The spaces before the caret under column from + caret (0-based, in
 * characters as source_columns counts them): the terminal width of the
 * characters of the window before it, as render places its caret. */
static uint32_t caret_pad(const char *text, size_t len, uint32_t from, uint32_t caret)
{
    uint32_t column = 0, pad = 0, counted = 0;
    for (size_t i = 0; i < len && column < from + caret;) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch & 0xc0u) == 0x80u) { /* a stray continuation byte: no column, as source_columns counts */
            i++;
            continue;
        }
        size_t n = ch >= 0xf0u ? 4 : ch >= 0xe0u ? 3 : ch >= 0xc0u ? 2 : 1;
        uint32_t cp = n == 1 ? ch : ch & (0x3fu >> (n - 1));
        size_t k = 1;
        for (; k < n && i + k < len && ((unsigned char)text[i + k] & 0xc0u) == 0x80u; k++)
            cp = cp << 6 | ((unsigned char)text[i + k] & 0x3fu);
        i += k;
        int control = cp < 0x20u || (cp >= 0x7fu && cp < 0xa0u); /* shown as U+FFFD: one column */
        uint32_t cols = ch == '\t' ? 8u - column % 8u : 1u;
        for (uint32_t c = 0; c < cols; c++, column++)
            if (column >= from && column < from + caret) {
                pad += ch == '\t' || control ? 1u : char_width(cp);
                counted++;
            }
    }
    return pad + (caret - counted); /* past the line's end: a column each */
}

/* Under a fault of a container with a source map: where the faulting pc
 * came from, as the compiler shows an error (the line, a caret under the
 * column; a line wider than 200 columns by the 200 around the caret).  The
 * file is read as the compiler reads it: a BOM dropped, CR LF and a lone
 * CR ending a line. */
static void show_source(const source_map *m, uint32_t pc)
{
    if (pc >= CONFIG_SVM_HOST_MAX_IMAGE)
        return;
    if (m->line[pc] == 0) { /* the map leaves out the stubs a wrap or a spawn runs through */
        fprintf(stderr, "%s: the fault's pc %u is in code the compiler adds (a stub of wrap or spawn), from no line\n",
                m->path, (unsigned)pc);
        return;
    }
    uint32_t want = m->line[pc], col = m->col[pc];
    fprintf(stderr, "%s:%u:%u: the fault's pc %u was compiled from here\n", m->path, (unsigned)want, (unsigned)col,
            (unsigned)pc);
    struct stat st;
    if (stat(m->path, &st) != 0 || !S_ISREG(st.st_mode)) /* not a FIFO or a device that never ends */
        return;
    FILE *f = fopen(m->path, "rb");
    if (!f)
        return;
    static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
    int ch, prev = 0, i = 0;
    while (i < 3 && getc(f) == bom[i])
        i++;
    if (i < 3)
        rewind(f);
    uint32_t line = 1;
    while (line < want && (ch = getc(f)) != EOF) {
        if (ch == '\r' || (ch == '\n' && prev != '\r'))
            line++;
        prev = ch;
    }
    if (line == want && prev == '\r' && (ch = getc(f)) != '\n' && ch != EOF)
        ungetc(ch, f);
    static char text[1u << 20]; /* a longer line is shown up to here */
    size_t len = 0;
    while ((ch = getc(f)) != EOF && ch != '\n' && ch != '\r')
        if (len < sizeof text)
            text[len++] = (char)ch;
    fclose(f);
    if (line != want)
        return;
    uint32_t from = 0, caret = col > 0 ? col - 1 : 0;
    if (source_columns(text, len, 0, UINT32_MAX, NULL, 0) > 200u && col > 100u) { /* as render's window */
        from = col - 100u;
        caret -= from;
    }
    static char shown[200u * 4u + 1u]; /* 200 columns of UTF-8 */
    source_columns(text, len, from, 200u, shown, sizeof shown);
    int gutter = snprintf(NULL, 0, " %u", (unsigned)want); /* as the compiler's errors: " 12 | text" */
    uint32_t pad = caret_pad(text, len, from, caret);
    fprintf(stderr, "%*s |\n %u | %s\n%*s | %*s^\n", gutter, "", (unsigned)want, shown, gutter, "",
            (int)(pad < 4096u ? pad : 0u), "");
}

/* ns as a decimal number of µs, exact to the ns ("12.345"). */
static void put_decimal(FILE *f, uint64_t ns, uint64_t unit)
{
    uint64_t whole = ns / unit, frac = ns % unit;
    fprintf(f, "%llu", (unsigned long long)whole);
    if (frac) { /* unit is 1000: three digits, trailing zeros dropped */
        char digits[3] = {(char)('0' + frac / 100u), (char)('0' + frac / 10u % 10u), (char)('0' + frac % 10u)};
        int n = 3;
        while (n > 0 && digits[n - 1] == '0')
            n--;
        fprintf(f, ".%.*s", n, digits);
    }
}

/* ------------------------------------------------------------ the trace */

static FILE *trace;
static unsigned long trace_events;

static void trace_begin(const char *product)
{
    fprintf(trace, "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n");
    fprintf(trace, "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": 1, \"args\": {\"name\": \"Sense-VM %s\"}}",
            product);
    for (uint32_t i = 0; i < svm_product_vm.ncontainers; i++) {
        const svm_container *c = &svm_product_vm.containers[i];
        fprintf(trace,
                ",\n{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %u, \"args\": {\"name\": \"%s "
                "(criticality %u)\"}}",
                (unsigned)i, c->cfg->name, (unsigned)c->cfg->criticality);
        fprintf(trace,
                ",\n{\"name\": \"thread_sort_index\", \"ph\": \"M\", \"pid\": 1, \"tid\": %u, \"args\": "
                "{\"sort_index\": %u}}",
                (unsigned)i, (unsigned)i);
    }
}

static void trace_json_string(const char *s)
{
    fputc('"', trace);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(trace, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(trace, "\\u%04x", ch);
        else
            fputc(ch, trace);
    }
    fputc('"', trace);
}

static void trace_event(const svm_event *e)
{
    static const char *const names[] = {"run", "collect", "wake", "fault", "restart", "stop", "escalate"};
    static const char *const cats[] = {"sched", "gc", "sched", "health", "health", "health", "health"};
    unsigned tid = (unsigned)e->c->id;
    fprintf(trace, ",\n{\"name\": \"%s\", \"cat\": \"%s\", \"pid\": 1, \"tid\": %u, \"ts\": ", names[e->kind],
            cats[e->kind], tid);
    put_decimal(trace, e->t_ns, 1000u);
    if (e->kind == SVM_EVENT_RUN || e->kind == SVM_EVENT_COLLECT) {
        fprintf(trace, ", \"ph\": \"X\", \"dur\": ");
        put_decimal(trace, e->dur_ns, 1000u);
        fprintf(trace, ", \"args\": {\"%s\": %llu}}", e->kind == SVM_EVENT_RUN ? "instructions" : "steps",
                (unsigned long long)e->instructions);
    } else {
        fprintf(trace, ", \"ph\": \"i\", \"s\": \"t\"");
        if (e->message) {
            fprintf(trace, ", \"args\": {\"message\": ");
            trace_json_string(e->message);
            fputc('}', trace);
        }
        fputc('}', trace);
    }
    trace_events++;
}

static void trace_end(void) { fprintf(trace, "\n]}\n"); }

/* ------------------------------------------------------------- events */

static void on_event(const svm_vm *vm, const svm_event *e)
{
    (void)vm;
    if (e->kind == SVM_EVENT_FAULT) {
        fflush(stdout);
        fprintf(stderr, "svm: [%llu.%03llu ms] container '%s': %s\n", (unsigned long long)(e->t_ns / 1000000u),
                (unsigned long long)(e->t_ns / 1000u % 1000u), e->c->cfg->name, e->message);
        const source_map *m = map_of(e->c);
        if (m)
            show_source(m, e->c->fault.pc);
    }
    if (trace)
        trace_event(e);
}

/* ------------------------------------------------------------ reports */

static void summary(const svm_vm *vm)
{
    for (uint32_t i = 0; i < vm->nports; i++) {
        const svm_port *p = &vm->ports[i];
        fprintf(stderr, "svm: port %s (%s -> %s, %s): %llu sent, %llu delivered, %llu dropped\n", p->cfg->name,
                vm->containers[p->cfg->from].cfg->name, vm->containers[p->cfg->to].cfg->name,
                p->cfg->kind == SVM_PORT_SAMPLING ? "sampling" : "queuing", (unsigned long long)p->sent,
                (unsigned long long)p->delivered, (unsigned long long)p->dropped);
    }
    fprintf(stderr, "svm: %-12s %4s %-8s %13s %6s %8s %7s %7s %8s %14s %9s %11s\n", "container", "crit", "state",
            "instructions", "faults", "restarts", "hb-miss", "budget", "deadline", "max latency us", "heap high",
            "collections");
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        const svm_container *c = &vm->containers[i];
        char latency[32];
        snprintf(latency, sizeof latency, "%llu.%03llu", (unsigned long long)(c->max_latency_ns / 1000u),
                 (unsigned long long)(c->max_latency_ns % 1000u));
        fprintf(stderr, "svm: %-12s %4u %-8s %13llu %6u %8u %7u %7u %8u %14s %9u %11u\n", c->cfg->name,
                (unsigned)c->cfg->criticality, svm_container_state_name(c), (unsigned long long)c->instructions,
                (unsigned)c->faults, (unsigned)c->restarts, (unsigned)c->heartbeat_misses,
                (unsigned)c->budget_overruns, (unsigned)svm_container_deadline_misses(c, vm->now_ns), latency,
                (unsigned)svm_heap_high_water(&c->heap),
                (unsigned)c->heap.collections);
    }
}

static int write_report(const svm_vm *vm, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "svm-run: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f, "{\"duration_us\": ");
    put_decimal(f, vm->now_ns, 1000u);
    fprintf(f, ", \"clock\": \"%s\", \"containers\": [", vm->clock == SVM_CLOCK_VIRTUAL ? "virtual" : "real");
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        const svm_container *c = &vm->containers[i];
        fprintf(f,
                "%s\n  {\"name\": \"%s\", \"criticality\": %u, \"state\": \"%s\", \"instructions\": %llu, "
                "\"branch_points\": %llu, \"faults\": %u, \"restarts\": %u, \"heartbeat_misses\": %u, "
                "\"budget_overruns\": %u, \"deadline_misses\": %u, \"port_drops\": %u, \"max_latency_us\": ",
                i ? "," : "", c->cfg->name, (unsigned)c->cfg->criticality, svm_container_state_name(c),
                (unsigned long long)c->instructions, (unsigned long long)c->branch_points, (unsigned)c->faults,
                (unsigned)c->restarts, (unsigned)c->heartbeat_misses, (unsigned)c->budget_overruns,
                (unsigned)svm_container_deadline_misses(c, vm->now_ns), (unsigned)c->port_drops);
        put_decimal(f, c->max_latency_ns, 1000u);
        fprintf(f, ", \"heap_high_water\": %u, \"collections\": %u, \"collector_steps\": %llu}",
                (unsigned)svm_heap_high_water(&c->heap), (unsigned)c->heap.collections,
                (unsigned long long)c->gc_steps);
    }
    fprintf(f, "\n], \"ports\": [");
    for (uint32_t i = 0; i < vm->nports; i++) {
        const svm_port *p = &vm->ports[i];
        fprintf(f,
                "%s\n  {\"name\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"kind\": \"%s\", \"sent\": %llu, "
                "\"delivered\": %llu, \"dropped\": %llu}",
                i ? "," : "", p->cfg->name, vm->containers[p->cfg->from].cfg->name,
                vm->containers[p->cfg->to].cfg->name, p->cfg->kind == SVM_PORT_SAMPLING ? "sampling" : "queuing",
                (unsigned long long)p->sent, (unsigned long long)p->delivered, (unsigned long long)p->dropped);
    }
    fprintf(f, "%s], \"devices\": [", vm->nports ? "\n" : "");
    static const char *const kinds[] = {"led", "button", "uart", "sensor"};
    for (uint32_t i = 0; i < vm->ndevices; i++) {
        const svm_device *d = &vm->devices[i];
        fprintf(f,
                "%s\n  {\"name\": \"%s\", \"kind\": \"%s\", \"owner\": \"%s\", \"writes\": %u, "
                "\"queued\": %u, \"dropped\": %u, \"level\": %d}",
                i ? "," : "", d->cfg->name, d->cfg->kind < 4 ? kinds[d->cfg->kind] : "?",
                vm->containers[d->cfg->owner].cfg->name, (unsigned)d->writes, (unsigned)d->count,
                (unsigned)d->dropped, (int)d->latest);
    }
    fprintf(f, "%s]}\n", vm->ndevices ? "\n" : "");
    int err = ferror(f);
    if (fclose(f) != 0 || err) {
        fprintf(stderr, "svm-run: cannot write '%s'\n", path);
        return -1;
    }
    return 0;
}

/* -------------------------------------------------------------- main */

#define NO_TIME UINT64_MAX

/* The event script's inputs, in time order (--events FILE). */
static svm_script_input inputs[SVM_HOST_MAX_INPUTS];
static uint32_t ninputs;

/* Read and check the event script: 0, or -1 after a message naming the
 * file and line. */
static int read_events(svm_vm *vm, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "svm-run: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    svm_script script = {0, 0};
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        int whole = len && line[len - 1] == '\n';
        if (whole)
            line[--len] = '\0';
        else if (!feof(f)) {
            fprintf(stderr, "%s:%u: error: a line of more than %u characters\n", path, (unsigned)script.line + 1,
                    (unsigned)sizeof line - 2);
            fclose(f);
            return -1;
        }
        char why[160];
        uint32_t n;
        if (svm_script_parse_line(&script, vm, line, (uint32_t)len, inputs + ninputs,
                                  SVM_HOST_MAX_INPUTS - ninputs, &n, why, sizeof why)) {
            fprintf(stderr, "%s:%u: error: %s\n", path, (unsigned)script.line, why);
            fclose(f);
            return -1;
        }
        ninputs += n;
    }
    fclose(f);
    return 0;
}

/* Verify the update and, if it passes, make it the first container's program. */
static void apply_update(svm_vm *vm, svm_container *first, const char *update, uint32_t size)
{
    char why[SVM_MESSAGE_SIZE];
    uint64_t t = vm->now_ns;
    fflush(stdout);
    if (svm_container_load(vm, first, update_buffer, size, why, sizeof why))
        fprintf(stderr, "svm: [%llu.%03llu ms] container '%s': update %s: %s; the running program goes on\n",
                (unsigned long long)(t / 1000000u), (unsigned long long)(t / 1000u % 1000u), first->cfg->name,
                update, why);
    else {
        fprintf(stderr, "svm: [%llu.%03llu ms] container '%s': updated to %s (%u bytes), started afresh\n",
                (unsigned long long)(t / 1000000u), (unsigned long long)(t / 1000u % 1000u), first->cfg->name,
                update, (unsigned)size);
        source_map *m = map_of(first); /* it was the old program's */
        if (m)
            m->c = NULL;
    }
}

int main(int argc, char **argv)
{
    svm_vm *vm = &svm_product_vm;
    uint32_t heap_cells = 0, stack_depth = 0, budget = 0, duration_ms = 0, ns_per_instruction = 0;
    int stats = 0;
    svm_clock clock = SVM_CLOCK_REAL;
    const char *program = NULL, *report = NULL, *trace_path = NULL, *update = NULL, *events = NULL,
               *source_map_args[MAX_SOURCE_MAPS];
    uint32_t nsource_maps = 0;
    uint32_t update_ms = 0;
    /* The programs' console, line by line as a serial terminal shows it,
     * also into a pipe or a file: a run stopped by a signal (Ctrl-C, a
     * timeout) loses no line it printed. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--heap-cells") == 0 && has_value) {
            if (parse_count(a, argv[++i], &heap_cells))
                return EXIT_USAGE;
        } else if (strcmp(a, "--stack-depth") == 0 && has_value) {
            if (parse_count(a, argv[++i], &stack_depth))
                return EXIT_USAGE;
        } else if (strcmp(a, "--budget") == 0 && has_value) {
            if (parse_count(a, argv[++i], &budget))
                return EXIT_USAGE;
        } else if (strcmp(a, "--duration") == 0 && has_value) {
            if (parse_count(a, argv[++i], &duration_ms))
                return EXIT_USAGE;
        } else if (strcmp(a, "--ns-per-instruction") == 0 && has_value) {
            if (parse_count(a, argv[++i], &ns_per_instruction))
                return EXIT_USAGE;
        } else if (strcmp(a, "--clock") == 0 && has_value) {
            const char *v = argv[++i];
            if (strcmp(v, "virtual") == 0)
                clock = SVM_CLOCK_VIRTUAL;
            else if (strcmp(v, "real") == 0)
                clock = SVM_CLOCK_REAL;
            else {
                fprintf(stderr, "svm-run: --clock is 'virtual' or 'real', not '%s'\n", v);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--update") == 0 && has_value) {
            if (update) {
                fprintf(stderr, "svm-run: --update: one update a run (this one is the second)\n");
                return EXIT_USAGE;
            }
            const char *v = argv[++i], *colon = strchr(v, ':');
            char ms[16];
            size_t len = colon ? (size_t)(colon - v) : 0;
            if (!colon || len == 0 || len >= sizeof ms || !colon[1]) {
                fprintf(stderr, "svm-run: --update needs MS:FILE, not '%s'\n", v);
                return EXIT_USAGE;
            }
            memcpy(ms, v, len);
            ms[len] = '\0';
            if (parse_count("--update", ms, &update_ms))
                return EXIT_USAGE;
            update = colon + 1;
        } else if (strcmp(a, "--source-map") == 0 && has_value) {
            if (nsource_maps == MAX_SOURCE_MAPS) {
                fprintf(stderr, "svm-run: --source-map: at most %d, one per container\n", MAX_SOURCE_MAPS);
                return EXIT_USAGE;
            }
            source_map_args[nsource_maps++] = argv[++i];
        } else if (strcmp(a, "--report") == 0 && has_value) {
            report = argv[++i];
        } else if (strcmp(a, "--events") == 0 && has_value) {
            events = argv[++i];
        } else if (strcmp(a, "--trace") == 0 && has_value) {
            trace_path = argv[++i];
        } else if (strcmp(a, "--stats") == 0) {
            stats = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (a[0] == '-' || program) {
            if (a[0] == '-' && !has_value && strcmp(a, "--stats") != 0)
                fprintf(stderr, "svm-run: '%s' needs a value or is unknown\n", a);
            return usage();
        } else {
            program = a;
        }
    }

    vm->verify_bits = verify_bits;
    vm->verify_capacity = CONFIG_SVM_HOST_MAX_IMAGE;
    if (ns_per_instruction)
        vm->ns_per_instruction = ns_per_instruction;
    svm_vm_init(vm);
    svm_container *first = &vm->containers[0];
    for (uint32_t i = 0; i < nsource_maps; i++)
        if (add_source_map(vm, source_map_args[i]))
            return EXIT_USAGE;
    if (heap_cells || stack_depth) {
        if (svm_container_limit(first, heap_cells, stack_depth)) {
            fprintf(stderr,
                    "svm-run: this product's container '%s' has %u heap cells and stacks of %u: "
                    "--heap-cells and --stack-depth can only lower them\n",
                    first->cfg->name, (unsigned)(first->cfg->heap_ncells - 1), (unsigned)first->cfg->stack_depth);
            return EXIT_USAGE;
        }
        if (!program && first->image) {
            /* load it again: the loader checks its guard against the lower depth */
            const uint8_t *embedded = first->image;
            uint32_t embedded_size = first->image_size;
            svm_container_unload(first);
            svm_container_load(vm, first, embedded, embedded_size, first->message, sizeof first->message);
        }
    }
    if (program) {
        long n = read_file(program, image_buffer, sizeof image_buffer);
        if (n < 0)
            return EXIT_USAGE;
        for (uint32_t i = 1; i < vm->ncontainers; i++)
            svm_container_unload(&vm->containers[i]);
        svm_container_unload(first);
        svm_container_load(vm, first, image_buffer, (uint32_t)n, first->message, sizeof first->message);
    }
    if (budget) {
        first->budget = budget;
    }

    int status = EXIT_OK;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        if (c->state == SVM_CONTAINER_REJECTED) {
            fprintf(stderr, "svm: container '%s': %s\n", c->cfg->name, c->message);
            status = EXIT_REJECT;
        }
    }
    if (program && status == EXIT_REJECT)
        return status;
    if (events && read_events(vm, events))
        return EXIT_USAGE;

    if (trace_path) {
        trace = fopen(trace_path, "w");
        if (!trace) {
            fprintf(stderr, "svm-run: cannot write '%s': %s\n", trace_path, strerror(errno));
            return EXIT_USAGE;
        }
        trace_begin(program ? program : "product");
    }
    svm_posix_on_event = on_event;
    svm_vm_start(vm, clock);
    long update_size = update ? read_file(update, update_buffer, sizeof update_buffer) : 0;
    if (update_size < 0)
        return EXIT_USAGE;
    uint64_t until = (uint64_t)duration_ms * 1000000u;
    uint64_t update_at = update ? (uint64_t)update_ms * 1000000u : NO_TIME;
    if (update && until && update_at >= until) {
        fprintf(stderr, "svm-run: warning: --update at %u ms comes after the run's end (--duration %u): not applied\n",
                (unsigned)update_ms, (unsigned)duration_ms);
        update_at = NO_TIME;
    }
    uint32_t next_input = 0;
    svm_vm_status end = SVM_VM_IDLE;
    /* Run up to each scripted input and the update, in time order: at
     * its time the input goes to its device as an interrupt would bring it. */
    for (;;) {
        while (next_input < ninputs && inputs[next_input].t_ns <= vm->now_ns) {
            svm_device_input(vm, inputs[next_input].device, inputs[next_input].value);
            next_input++;
        }
        if (update_at <= vm->now_ns) {
            apply_update(vm, first, update, (uint32_t)update_size);
            update_at = NO_TIME;
        }
        /* the host has no interrupts: after the script's last input and the
         * update, nothing can wake a context that waits for an input */
        vm->inputs_end = next_input >= ninputs && update_at == NO_TIME;
        uint64_t stop = until ? until : NO_TIME;
        if (next_input < ninputs && inputs[next_input].t_ns < stop)
            stop = inputs[next_input].t_ns;
        if (update_at < stop)
            stop = update_at;
        if (stop == NO_TIME || stop == until) {
            end = svm_vm_run(vm, until);
            break;
        }
        end = svm_vm_run(vm, stop);
        if (end == SVM_VM_ESCALATED)
            break;
        if (end == SVM_VM_IDLE) { /* nothing waits for an input: only an update can change that */
            if (update_at == NO_TIME)
                break;
            if (clock == SVM_CLOCK_VIRTUAL && vm->vclock_ns < update_at)
                vm->vclock_ns = update_at;
        }
        vm->now_ns = svm_vm_now(vm);
        if (vm->now_ns < stop) /* the real clock may stop short of it */
            vm->now_ns = stop;
    }
    if (clock == SVM_CLOCK_REAL)
        svm_hal_tick_stop(vm);
    if (duration_ms && end == SVM_VM_TIME)
        vm->now_ns = (uint64_t)duration_ms * 1000000u;
    fflush(stdout);

    if (end == SVM_VM_ESCALATED) {
        fprintf(stderr, "svm: [%llu.%03llu ms] the VM resets: a container's fault policy escalated\n",
                (unsigned long long)(vm->now_ns / 1000000u), (unsigned long long)(vm->now_ns / 1000u % 1000u));
        status = EXIT_ESCALATE;
    }
    for (uint32_t i = 0; i < vm->ncontainers && status == EXIT_OK; i++)
        if (vm->containers[i].state == SVM_CONTAINER_STOPPED)
            status = EXIT_FAULT;
    if (!program)
        summary(vm);
    else if (end == SVM_VM_IDLE)
        /* the run ends because nothing can come any more (no scripted input
         * left), not because the program ended: say so */
        for (uint32_t i = 0; i < vm->ncontainers; i++) {
            const svm_container *c = &vm->containers[i];
            if (c->state != SVM_CONTAINER_READY || !c->live_contexts)
                continue;
            /* those waiting on an input; the others wait on the container's
             * own channels, for one of them */
            unsigned io = 0;
            for (uint32_t k = 0; k < c->cfg->ncontexts; k++)
                io += c->cfg->contexts[k].state == SVM_CTX_BLOCKED && c->cfg->contexts[k].waits_io;
            unsigned other = (unsigned)c->live_contexts - io;
            char others[96] = "";
            if (other)
                snprintf(others, sizeof others, " (and %u on the container's own channels)", other);
            fprintf(stderr,
                    "svm: [%llu.%03llu ms] container '%s': %u context%s still waiting for an input (a device or a "
                    "port)%s when no more can come; the run ends\n",
                    (unsigned long long)(vm->now_ns / 1000000u), (unsigned long long)(vm->now_ns / 1000u % 1000u),
                    c->cfg->name, io, io == 1 ? " is" : "s are", others);
        }
    if (stats)
        for (uint32_t i = 0; i < vm->ncontainers; i++) {
            svm_container *c = &vm->containers[i];
            fprintf(stderr, "svm: container '%s': %u collections, %u of %u cells free, %llu branch points\n",
                    c->cfg->name, (unsigned)c->heap.collections, (unsigned)svm_heap_free_cells(&c->heap),
                    (unsigned)(c->heap.ncells - 1), (unsigned long long)c->branch_points);
        }
    if (trace) {
        trace_end();
        if (fclose(trace) != 0) {
            fprintf(stderr, "svm-run: cannot write '%s'\n", trace_path);
            status = status ? status : EXIT_USAGE;
        }
    }
    if (report && write_report(vm, report))
        status = status ? status : EXIT_USAGE;
    return status;
}
