/* libFuzzer harness: verify and run arbitrary program images on the
 * product VM (docs/fuzzing.md).
 *
 * The input is not taken as an image as it is, or almost every input would
 * die at the checksum: its first byte says how to make an image of the
 * rest, so that inputs reach every stage of the loader and many run.
 *
 *   byte 0, bits 0-2: the mode
 *     0      raw: the rest is the image, unchanged (header checks)
 *     1      raw, but the code size and CRC fields made right (the other
 *            header fields, magic included, are the input's)
 *     2      wrapped: a valid header around code bytes, bytes 1-4 the
 *            groups mask, bytes 5-6 the entry; the code from byte 7, as is
 *            (the instruction checks of the verifier)
 *     3      damaged: repaired code (as 4..7, from byte 7), then the byte
 *            at bytes 4-5 (modulo the size) XORed with byte 6 (the
 *            verifier's checks deep inside otherwise valid code)
 *     4..7   repaired: code from byte 4 made valid (opcodes mapped onto
 *            those this VM has, operands put in range, labels moved onto
 *            instruction starts, a stop appended when the code could run
 *            off its end); byte 1 adds declared groups, bytes 2-3 pick the
 *            entry among the instruction starts (execution)
 *   byte 0, bits 3-4: heap cells 512, 64, 16, 512; bit 5: stack depth 64 or 8
 *
 * Per input: svm_vm_init, the first container limited to that heap and
 * stack (svm_container_limit; the storage beyond is poisoned for
 * AddressSanitizer, so the smaller container is as strict as a product
 * built that small), its embedded program unloaded, the image loaded; if
 * accepted, a budget of 2000 branch points and 50 ms of the virtual clock
 * (in steps: a program stops early once it has printed 8 KiB).
 *
 * Oracles, besides the sanitizers (a finding traps):
 *   - a reference verifier written from docs/bytecode.md, independent of
 *     core/svm_loader.c (it shares only the operand table): the loader
 *     accepts exactly the images the reference accepts (give or take the
 *     straight-run limit, which the reference only bounds), and
 *     svm_image_verify agrees with svm_container_load;
 *   - between two steps of the run, an input for one of the container's
 *     devices (the product's, posix_defconfig: all of them);
 *   - after the run: a rejected container never ran; states and fault codes
 *     are values of their enums; fault pcs, context pcs, return addresses
 *     and closure code offsets are instruction starts inside the code;
 *     stacks within their depth; the ready queue well formed; the budget
 *     held; the heap's frontier, free list and mark bits consistent; every
 *     value reachable from a context well formed, pointing below the
 *     frontier, never to a free cell, and the heap acyclic.
 */
#include "fuzz_hal.h"

#include "svm.h"
#include "svm_autoconf.h"
#include "svm_opcodes.h"

#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern svm_vm svm_product_vm;

#define HEADER 24u
#define MAX_CODE 0xffffu
#define BUDGET 2000u
#define RUN_NS (50u * 1000000ull)
#define RUN_STEP_NS (5u * 1000000ull)
#define OUTPUT_CAP (8u * 1024u)
#define HEAP_MAX 512u /* the largest heap the harness gives a container */
#define STACK_MAX 64u

static const uint32_t heap_choice[4] = {512, 64, 16, 512};
static const uint32_t stack_choice[2] = {64, 8};

/* The loader's scratch, for any code size (the product's covers only its
 * embedded program). */
static uint32_t verify_bits[(MAX_CODE + 31) / 32];

/* ------------------------------------------------------------ helpers */

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (rd16(p + 2) << 16); }
static void wr16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void wr32(uint8_t *p, uint32_t v)
{
    wr16(p, v);
    wr16(p + 2, v >> 16);
}

/* CRC-32 (IEEE 802.3, zlib's), table driven: not the core's code. */
static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1u ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_ref(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xffu] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static const svm_opinfo *opinfo(uint32_t op)
{
    if (op >= SVM_OPCODE_LIMIT || !svm_opinfo_table[op].name)
        return NULL;
    return &svm_opinfo_table[op];
}

/* Bytes of a fixed-size operand; cases: its count byte only. */
static uint32_t operand_width(uint32_t type)
{
    switch (type) {
    case SVM_OPD_U8:
    case SVM_OPD_SLOT:
    case SVM_OPD_BOOL:
    case SVM_OPD_CASES:
        return 1;
    case SVM_OPD_TAG:
    case SVM_OPD_LABEL:
        return 2;
    default:
        return 4;
    }
}

/* ------------------------------------------------ the reference verifier */

static uint8_t boundary[MAX_CODE + 1]; /* 1: an instruction starts here (after ref_verify accepted) */
static uint32_t label_pos[MAX_CODE];   /* where the code holds a label */

/* The straight-run limit (CONFIG_SVM_MAX_STRAIGHT_RUN) is a product limit
 * the loader adds to the rules of docs/bytecode.md, and how it weighs an
 * instruction that loops (acc n, switch) is its own business: the
 * reference only bounds it.  Counting 1 per instruction, a run can only be
 * shorter than the loader's count; counting 1 + n for an instruction whose
 * first operand is a count n (u8 or cases: only those may loop), longer. */
typedef struct ref_verdict {
    int ok;          /* rules 1-7 of docs/bytecode.md hold */
    const char *why; /* else the first that fails */
    uint32_t code_size, entry;
    int run_over_low;  /* even the shortest count of a straight run exceeds the limit: refused */
    int run_over_high; /* the longest count does: maybe refused */
    uint32_t guard;    /* 1 + the largest slot operand: the values kept below each stack */
} ref_verdict;

static ref_verdict refuse(const char *why)
{
    ref_verdict r = {0, why, 0, 0, 0, 0, 0};
    return r;
}

/* docs/bytecode.md, "What the loader checks", taken literally. */
static ref_verdict ref_verify(const uint8_t *img, size_t size)
{
    if (size < HEADER)
        return refuse("shorter than the header");
    if (memcmp(img, "SVMB", 4) != 0)
        return refuse("magic");
    if (img[4] != SVM_ISA_VERSION)
        return refuse("version");
    if (img[5] != 0)
        return refuse("flags");
    if (rd16(img + 6) != HEADER)
        return refuse("header size");
    uint32_t groups = rd32(img + 8), code_size = rd32(img + 12), entry = rd32(img + 16), crc = rd32(img + 20);
    if ((size_t)code_size != size - HEADER)
        return refuse("code size is not the bytes that follow");
    if (code_size < 1 || code_size > MAX_CODE)
        return refuse("code size outside 1..65535");
    const uint8_t *code = img + HEADER;
    if (crc32_ref(code, code_size) != crc)
        return refuse("checksum");
    if (groups & ~(uint32_t)SVM_GROUPS_DEFINED)
        return refuse("unknown group in the mask");
    if (groups & ~(uint32_t)SVM_GROUPS_BUILT)
        return refuse("group not built into this VM");
    memset(boundary, 0, code_size + 1);
    uint32_t nlabels = 0, pc = 0, last = 0, guard = 0;
    uint64_t run_low = 0, run_high = 0, max_low = 0, max_high = 0;
    while (pc < code_size) {
        const svm_opinfo *info = opinfo(code[pc]);
        if (!info)
            return refuse("undefined opcode");
        if (!info->enabled)
            return refuse("opcode not built into this VM");
        if (!(groups >> info->group & 1u))
            return refuse("opcode of an undeclared group");
        uint32_t p = pc + 1;
        for (uint32_t k = 0; k < info->noperands; k++) {
            uint32_t type = info->operands[k], w = operand_width(type);
            if ((uint64_t)p + w > code_size)
                return refuse("operand cut off");
            if (type == SVM_OPD_BOOL && code[p] > 1)
                return refuse("bool operand not 0/1");
            if (type == SVM_OPD_TAG && rd16(code + p) > 65534u)
                return refuse("tag 65535");
            if (type == SVM_OPD_LABEL)
                label_pos[nlabels++] = p;
            if (type == SVM_OPD_SLOT && code[p] + 1u > guard)
                guard = code[p] + 1u;
            if (type == SVM_OPD_CASES) {
                uint32_t n = code[p];
                if (n == 0)
                    return refuse("no cases");
                if ((uint64_t)p + 1 + 4u * n > code_size)
                    return refuse("cases cut off");
                for (uint32_t i = 0; i < n; i++)
                    label_pos[nlabels++] = p + 1 + 4 * i + 2;
                w += 4u * n;
            }
            p += w;
        }
        /* Only jumps and calls (returns, yields, sleeps) end a straight run. */
        int ends_run = info->flow == SVM_FLOW_JUMP || info->flow == SVM_FLOW_CALL;
        int counted = info->noperands && (info->operands[0] == SVM_OPD_U8 || info->operands[0] == SVM_OPD_CASES);
        run_low = ends_run ? 0 : run_low + 1;
        run_high = ends_run ? 0 : run_high + 1 + (counted ? code[pc + 1] : 0);
        max_low = run_low > max_low ? run_low : max_low;
        max_high = run_high > max_high ? run_high : max_high;
        boundary[pc] = 1;
        last = pc;
        pc = p;
    }
    if (opinfo(code[last])->flow != SVM_FLOW_JUMP)
        return refuse("the last instruction can run off the end");
    for (uint32_t i = 0; i < nlabels; i++) {
        uint32_t target = rd16(code + label_pos[i]);
        if (target >= code_size || !boundary[target])
            return refuse("a label off an instruction start");
    }
    if (entry >= code_size || !boundary[entry])
        return refuse("entry off an instruction start");
    ref_verdict r = {1, "", code_size, entry, 0, 0, guard};
#ifdef CONFIG_SVM_MAX_STRAIGHT_RUN
    r.run_over_low = max_low > CONFIG_SVM_MAX_STRAIGHT_RUN;
    r.run_over_high = max_high > CONFIG_SVM_MAX_STRAIGHT_RUN;
#else
    (void)max_low, (void)max_high;
#endif
    return r;
}

/* ------------------------------------------------------- making images */

static uint8_t valid_ops[SVM_OPCODE_LIMIT];
static uint32_t nvalid;
static uint32_t op_stop;

static uint8_t rep_code[MAX_CODE + 1];
static uint8_t rep_boundary[MAX_CODE + 1];
static uint32_t rep_starts[MAX_CODE + 1];
static uint32_t rep_labels[MAX_CODE];

/* Code made valid from arbitrary bytes (mode 4..7): returns its size. */
static uint32_t repair(const uint8_t *in, size_t n, uint32_t *groups, uint32_t *nstarts)
{
    size_t i = 0;
    uint32_t o = 0, ns = 0, nl = 0;
    const svm_opinfo *info = NULL;
    while (i < n) {
        uint32_t op = in[i];
        if (!opinfo(op) || !opinfo(op)->enabled)
            op = valid_ops[op % nvalid];
        const svm_opinfo *inf = opinfo(op);
        /* The operand bytes it takes from the input. */
        size_t need = 0;
        for (uint32_t k = 0; k < inf->noperands; k++) {
            need += operand_width(inf->operands[k]);
            if (inf->operands[k] == SVM_OPD_CASES) {
                uint32_t count = i + need < n ? in[i + need] : 1u;
                need += 4u * (count ? count : 1u);
            }
        }
        if (i + 1 + need > n || o + 1 + need + 1 > MAX_CODE)
            break;
        i++;
        rep_starts[ns++] = o;
        rep_code[o++] = (uint8_t)op;
        for (uint32_t k = 0; k < inf->noperands; k++) {
            uint32_t type = inf->operands[k];
            switch (type) {
            case SVM_OPD_BOOL:
                rep_code[o++] = in[i++] & 1u;
                break;
            case SVM_OPD_SLOT: /* mostly slots near the stack depths (8, 64): a few refused */
                rep_code[o++] = in[i] < 224u ? (uint8_t)(in[i] % 12u) : in[i];
                i++;
                break;
            case SVM_OPD_TAG:
                wr16(rep_code + o, rd16(in + i) % 65535u);
                o += 2, i += 2;
                break;
            case SVM_OPD_LABEL:
                rep_labels[nl++] = o;
                memcpy(rep_code + o, in + i, 2);
                o += 2, i += 2;
                break;
            case SVM_OPD_CASES: {
                uint32_t count = in[i++];
                if (count == 0)
                    count = 1;
                rep_code[o++] = (uint8_t)count;
                for (uint32_t c = 0; c < count; c++) {
                    memcpy(rep_code + o, in + i, 4); /* any tag, 0xffff is _ */
                    rep_labels[nl++] = o + 2;
                    o += 4, i += 4;
                }
                break;
            }
            default: {
                uint32_t w = operand_width(type);
                memcpy(rep_code + o, in + i, w);
                o += w, i += w;
                break;
            }
            }
        }
        *groups |= 1u << inf->group;
        info = inf;
    }
    if (!info || info->flow != SVM_FLOW_JUMP) {
        rep_starts[ns++] = o;
        rep_code[o++] = (uint8_t)op_stop;
        *groups |= 1u << opinfo(op_stop)->group;
    }
    memset(rep_boundary, 0, o);
    for (uint32_t k = 0; k < ns; k++)
        rep_boundary[rep_starts[k]] = 1;
    for (uint32_t k = 0; k < nl; k++) {
        uint32_t target = rd16(rep_code + rep_labels[k]);
        if (target >= o || !rep_boundary[target])
            wr16(rep_code + rep_labels[k], rep_starts[target % ns]);
    }
    *nstarts = ns;
    return o;
}

static void put_header(uint8_t *img, uint32_t groups, uint32_t code_size, uint32_t entry)
{
    memcpy(img, "SVMB", 4);
    img[4] = SVM_ISA_VERSION;
    img[5] = 0;
    wr16(img + 6, HEADER);
    wr32(img + 8, groups);
    wr32(img + 12, code_size);
    wr32(img + 16, entry);
    wr32(img + 20, crc32_ref(img + HEADER, code_size));
}

/* The image of an input, in a buffer of exactly its size (so that
 * AddressSanitizer sees a read past it); *n its size. */
static uint8_t *make_image(const uint8_t *data, size_t size, size_t *n)
{
    uint32_t mode = data[0] & 7u;
    const uint8_t *rest = data + 1;
    size_t nrest = size - 1;
    uint8_t *img;
    if (mode == 0 || mode == 1) {
        img = malloc(nrest ? nrest : 1);
        memcpy(img, rest, nrest);
        if (mode == 1 && nrest >= HEADER) {
            wr32(img + 12, (uint32_t)(nrest - HEADER));
            wr32(img + 20, crc32_ref(img + HEADER, nrest - HEADER));
        }
        *n = nrest;
        return img;
    }
    if (mode == 2) {
        uint8_t params[6] = {0};
        memcpy(params, rest, nrest < 6 ? nrest : 6);
        size_t ncode = nrest > 6 ? nrest - 6 : 0;
        img = malloc(HEADER + ncode);
        memcpy(img + HEADER, rest + 6, ncode);
        put_header(img, rd32(params), (uint32_t)ncode, rd16(params + 4));
        *n = HEADER + ncode;
        return img;
    }
    /* Repaired (4..7), or repaired then damaged (3): one byte of the valid
     * code XORed, so that the verifier's checks deep in valid code run. */
    size_t nparams = mode == 3 ? 6 : 3;
    uint8_t params[6] = {0};
    memcpy(params, rest, nrest < nparams ? nrest : nparams);
    const uint8_t *in = nrest > nparams ? rest + nparams : rest;
    size_t nin = nrest > nparams ? nrest - nparams : 0;
    uint32_t groups = params[0] & SVM_GROUPS_BUILT, nstarts;
    uint32_t code_size = repair(in, nin, &groups, &nstarts);
    if (mode == 3)
        rep_code[rd16(params + 3) % code_size] ^= params[5];
    img = malloc(HEADER + code_size);
    memcpy(img + HEADER, rep_code, code_size);
    put_header(img, groups, code_size, rep_starts[rd16(params + 1) % nstarts]);
    *n = HEADER + code_size;
    return img;
}

/* ------------------------------------------------ container storage */

/* The storage the product reserves beyond what the limited container may
 * use is poisoned, so that an access there is an AddressSanitizer report:
 * the container is as strict as a product built that small.  Beyond the
 * harness's largest sizes it stays poisoned (setup_once); per input, the
 * collector bitmaps are unpoisoned for svm_vm_init (which clears them for
 * the configured heap) and the rest of the harness's sizes adjusted. */
static void poison(const void *p, size_t n, int on)
{
    if (on)
        __asan_poison_memory_region(p, n);
    else
        __asan_unpoison_memory_region(p, n);
}

static void poison_stacks(const svm_container_config *cfg, uint32_t from, uint32_t to, int on)
{
    for (uint32_t k = 0; k < cfg->ncontexts; k++)
        poison(cfg->stack + (size_t)k * cfg->stack_depth + from, (size_t)(to - from) * sizeof(svm_value), on);
}

static void poison_beyond_max(const svm_container_config *cfg)
{
    poison(cfg->heap_cells + HEAP_MAX + 1, (size_t)(cfg->heap_ncells - HEAP_MAX - 1) * sizeof(svm_cell), 1);
    poison_stacks(cfg, STACK_MAX, cfg->stack_depth, 1);
}

static void unpoison_for_init(const svm_container_config *cfg)
{
    size_t words = (cfg->heap_ncells + 31u) / 32u;
    poison(cfg->mark_bits, words * sizeof(uint32_t), 0);
    poison(cfg->flip_bits, words * sizeof(uint32_t), 0);
    poison(cfg->heap_cells, (HEAP_MAX + 1) * sizeof(svm_cell), 0);
    poison_stacks(cfg, 0, STACK_MAX, 0);
}

static void poison_beyond_limit(const svm_container *c)
{
    const svm_container_config *cfg = c->cfg;
    uint32_t words = (c->heap.ncells + 31u) / 32u, all_words = (cfg->heap_ncells + 31u) / 32u;
    poison(cfg->heap_cells + c->heap.ncells, (size_t)(HEAP_MAX + 1 - c->heap.ncells) * sizeof(svm_cell), 1);
    poison(cfg->mark_bits + words, (size_t)(all_words - words) * sizeof(uint32_t), 1);
    poison(cfg->flip_bits + words, (size_t)(all_words - words) * sizeof(uint32_t), 1);
    poison_stacks(cfg, c->stack_depth, STACK_MAX, 1);
}

/* ---------------------------------------------------------- invariants */

static uint8_t cell_free[HEAP_MAX + 2];
static uint8_t cell_color[HEAP_MAX + 2]; /* 0 unseen, 1 on the path, 2 done */
static uint32_t dfs_cell[HEAP_MAX + 2];
static uint8_t dfs_field[HEAP_MAX + 2];

/* Every kind svm_value.h defines: immediates below SVM_KIND_FIRST_POINTER,
 * cell indices from there on. */
static int valid_kind(uint32_t k) { return k <= SVM_KIND_EVT_WRAP; }

/* A fault code svm_fault defines. */
static int valid_fault(uint32_t f) { return strcmp(svm_fault_reason((svm_fault)f), "unknown fault") != 0; }

static int code_start(const svm_container *c, uint32_t off) { return off < c->code_size && boundary[off]; }

/* One value found in a context or a live cell. */
static void check_value(const svm_container *c, svm_value v, int heap_settled, const char *where)
{
    uint32_t k = svm_kind(v), p = svm_payload(v);
    FUZZ_CHECK((v >> 56) == 0, "%s: value 0x%016llx has bits set above its constructor field", where,
               (unsigned long long)v);
    FUZZ_CHECK(valid_kind(k), "%s: value 0x%016llx of unknown kind %u", where, (unsigned long long)v, (unsigned)k);
    switch (k) {
    case SVM_KIND_BOOL:
        FUZZ_CHECK(p <= 1, "%s: bool with payload %u", where, (unsigned)p);
        break;
    case SVM_KIND_UNIT:
        FUZZ_CHECK(p == 0, "%s: unit with payload %u", where, (unsigned)p);
        break;
    case SVM_KIND_RET:
    case SVM_KIND_COMB:
        FUZZ_CHECK(code_start(c, p), "%s: %s to code offset %u, which is no instruction start", where,
                   k == SVM_KIND_RET ? "return address" : "comb", (unsigned)p);
        break;
    case SVM_KIND_RET_APPLY:
        FUZZ_CHECK(p == 0, "%s: a sync's wrap mark with payload %u", where, (unsigned)p);
        break;
    default:
        if (svm_is_pointer(v)) {
            FUZZ_CHECK(p != 0 && p < c->heap.fresh, "%s: pointer to cell %u outside 1..%u", where, (unsigned)p,
                       (unsigned)(c->heap.fresh - 1));
            FUZZ_CHECK(!heap_settled || !cell_free[p], "%s: pointer to cell %u, which is on the free list", where,
                       (unsigned)p);
        }
        break;
    }
}

/* Every cell reachable from v: well-formed fields, no cycle (the heap is
 * a DAG: the printer and the collector rely on it). */
static void check_reachable(const svm_container *c, svm_value root)
{
    if (!svm_is_pointer(root) || cell_color[svm_payload(root)] == 2)
        return;
    const svm_cell *cells = c->heap.cells;
    uint32_t depth = 0;
    dfs_cell[0] = svm_payload(root);
    dfs_field[0] = 0;
    cell_color[dfs_cell[0]] = 1;
    depth = 1;
    while (depth) {
        uint32_t i = dfs_cell[depth - 1];
        uint8_t f = dfs_field[depth - 1]++;
        if (f == 0) {
            /* First visit: the cell's shape by the kind that points to it
             * is checked by the caller's loop below; here its fields. */
            check_value(c, cells[i].car, 1, "a cell's car");
            check_value(c, cells[i].cdr, 1, "a cell's cdr");
        }
        if (f >= 2) {
            cell_color[i] = 2;
            depth--;
            continue;
        }
        svm_value v = f == 0 ? cells[i].car : cells[i].cdr;
        if (!svm_is_pointer(v))
            continue;
        uint32_t j = svm_payload(v);
        FUZZ_CHECK(cell_color[j] != 1, "the heap has a cycle through cell %u", (unsigned)j);
        if (cell_color[j] == 2)
            continue;
        FUZZ_CHECK(depth < HEAP_MAX + 1, "reachable path longer than the heap");
        cell_color[j] = 1;
        dfs_cell[depth] = j;
        dfs_field[depth] = 0;
        depth++;
    }
}

/* The shape a pointer's kind promises of its cell. */
static void check_cell_kind(const svm_container *c, svm_value v)
{
    if (!svm_is_pointer(v))
        return;
    const svm_cell *cell = &c->heap.cells[svm_payload(v)];
    if (svm_kind(v) == SVM_KIND_CLOSURE) {
        FUZZ_CHECK(svm_hi(cell->cdr) == SVM_KIND_INT && code_start(c, svm_payload(cell->cdr)),
                   "closure cell %u: code offset 0x%016llx is no instruction start", (unsigned)svm_payload(v),
                   (unsigned long long)cell->cdr);
    } else if (svm_kind(v) == SVM_KIND_BOX) {
        FUZZ_CHECK(svm_ctor_field(v) != 0 && svm_ctor_field(cell->car) != 0 && cell->cdr == SVM_UNIT,
                   "box cell %u is not (constructor, ())", (unsigned)svm_payload(v));
    }
}

static void check_heap(const svm_container *c, uint32_t heap_cells)
{
    const svm_heap *h = &c->heap;
    FUZZ_CHECK(h->ncells == heap_cells + 1, "the heap has %u cells, the limit was %u", (unsigned)h->ncells,
               (unsigned)heap_cells + 1);
    FUZZ_CHECK(h->fresh >= 1 && h->fresh <= h->ncells, "heap frontier %u outside 1..%u", (unsigned)h->fresh,
               (unsigned)h->ncells);
    FUZZ_CHECK(h->free < h->fresh, "free list head %u at or beyond the frontier %u", (unsigned)h->free,
               (unsigned)h->fresh);
    FUZZ_CHECK(svm_heap_high_water(h) < h->ncells, "heap high water %u beyond the heap",
               (unsigned)svm_heap_high_water(h));
    memset(cell_free, 0, h->ncells);
    memset(cell_color, 0, h->ncells);
    if (c->gc.phase != SVM_GC_IDLE)
        return;
    uint32_t nfree = 0;
    for (uint32_t i = h->free; i != 0; i = svm_payload(h->cells[i].car)) {
        FUZZ_CHECK(i < h->fresh, "free list reaches cell %u beyond the frontier %u", (unsigned)i, (unsigned)h->fresh);
        FUZZ_CHECK(!cell_free[i], "free list passes cell %u twice", (unsigned)i);
        cell_free[i] = 1;
        nfree++;
    }
    FUZZ_CHECK(svm_heap_free_cells(h) == nfree + (h->ncells - h->fresh), "svm_heap_free_cells says %u, not %u",
               (unsigned)svm_heap_free_cells(h), (unsigned)(nfree + h->ncells - h->fresh));
    for (uint32_t i = 0; i < h->fresh; i++)
        FUZZ_CHECK(!(h->mark[i >> 5] >> (i & 31u) & 1u), "cell %u still marked with no collection running",
                   (unsigned)i);
}

static void check_context_values(const svm_container *c, const svm_context *ctx, int settled)
{
    check_value(c, ctx->env, settled, "a context's env");
    for (uint32_t s = 0; s < ctx->sp; s++)
        check_value(c, ctx->stack[s], settled, "a stack slot");
    if (!settled)
        return;
    check_reachable(c, ctx->env);
    check_cell_kind(c, ctx->env);
    for (uint32_t s = 0; s < ctx->sp; s++) {
        check_reachable(c, ctx->stack[s]);
        check_cell_kind(c, ctx->stack[s]);
    }
}

static void check_cells_kinds(const svm_container *c)
{
    /* Every reachable cell (colour 2): the pointers in it promise shapes too. */
    for (uint32_t i = 1; i < c->heap.fresh; i++)
        if (cell_color[i] == 2) {
            check_cell_kind(c, c->heap.cells[i].car);
            check_cell_kind(c, c->heap.cells[i].cdr);
        }
}

static void check_after(const svm_vm *vm, const svm_container *c, svm_vm_status status, uint64_t until, int accepted,
                        const ref_verdict *ref, uint32_t heap_cells, uint32_t stack_depth)
{
    FUZZ_CHECK(status == SVM_VM_IDLE || status == SVM_VM_TIME || status == SVM_VM_ESCALATED, "svm_vm_run returned %u",
               (unsigned)status);
    FUZZ_CHECK(fuzz_hal.critical_depth == 0, "%u critical sections left open", (unsigned)fuzz_hal.critical_depth);
    FUZZ_CHECK(!fuzz_hal.ticking, "the tick runs on the virtual clock");
    FUZZ_CHECK((unsigned)c->state <= SVM_CONTAINER_REJECTED, "container state %u", (unsigned)c->state);
    if (status == SVM_VM_TIME)
        FUZZ_CHECK(vm->now_ns >= until, "svm_vm_run(%llu ns) ended for time at %llu ns", (unsigned long long)until,
                   (unsigned long long)vm->now_ns);
    if (status == SVM_VM_ESCALATED)
        FUZZ_CHECK(vm->escalated && c->state == SVM_CONTAINER_STOPPED, "escalated without a stopped container");
    if (!accepted) {
        FUZZ_CHECK(c->state == SVM_CONTAINER_REJECTED, "a refused image left the container %s",
                   svm_container_state_name(c));
        FUZZ_CHECK(c->instructions == 0 && c->branch_points == 0 && c->gc_steps == 0,
                   "a rejected container ran %llu instructions", (unsigned long long)c->instructions);
        FUZZ_CHECK(status == SVM_VM_IDLE, "a VM with nothing loaded did not end idle");
        FUZZ_CHECK(fuzz_hal.events == 0 && fuzz_hal.console_bytes == 0, "a rejected container made events");
        FUZZ_CHECK(strncmp(c->message, "image rejected: ", 16) == 0, "rejection message '%s'", c->message);
        return;
    }
    FUZZ_CHECK(c->state == SVM_CONTAINER_READY || c->state == SVM_CONTAINER_DONE || c->state == SVM_CONTAINER_STOPPED,
               "an accepted container is %s", svm_container_state_name(c));
    FUZZ_CHECK(c->code_size == ref->code_size && c->entry == ref->entry, "loaded code size %u entry %u, not %u %u",
               (unsigned)c->code_size, (unsigned)c->entry, (unsigned)ref->code_size, (unsigned)ref->entry);
    FUZZ_CHECK(c->stack_depth == stack_depth, "stack depth %u, the limit was %u", (unsigned)c->stack_depth,
               (unsigned)stack_depth);
    FUZZ_CHECK(c->budget == BUDGET && c->period_branch_points <= (uint64_t)c->budget + 1,
               "%llu branch points in a budget of %u", (unsigned long long)c->period_branch_points,
               (unsigned)c->budget);
    FUZZ_CHECK(valid_fault(c->fault.code), "fault code %u", (unsigned)c->fault.code);
    if (c->fault.code != SVM_FAULT_NONE)
        FUZZ_CHECK(code_start(c, c->fault.pc), "%s at pc %u, which is no instruction start of %u bytes of code",
                   svm_fault_reason(c->fault.code), (unsigned)c->fault.pc, (unsigned)c->code_size);
    if (c->state == SVM_CONTAINER_STOPPED)
        FUZZ_CHECK(c->fault.code != SVM_FAULT_NONE && c->faults > 0, "stopped without a fault");
    if (status == SVM_VM_IDLE && c->state == SVM_CONTAINER_READY)
        FUZZ_CHECK(!c->current && !c->ready_head && c->gc.phase == SVM_GC_IDLE && c->next_wake == UINT64_MAX,
                   "svm_vm_run went idle with a container that can run");

    /* Contexts and the ready queue. */
    const svm_container_config *cfg = c->cfg;
    uint32_t live = 0;
    for (uint32_t k = 0; k < cfg->ncontexts; k++) {
        const svm_context *ctx = &cfg->contexts[k];
        FUZZ_CHECK(ctx->state <= SVM_CTX_BLOCKED, "context %u in state %u", (unsigned)k, (unsigned)ctx->state);
        if (ctx->state == SVM_CTX_FREE)
            continue;
        live++;
        FUZZ_CHECK(c->stack_guard == ref->guard && c->stack_room == c->stack_depth - c->stack_guard,
                   "a guard of %u and room for %u values, for slot operands up to %u in stacks of %u",
                   (unsigned)c->stack_guard, (unsigned)c->stack_room, (unsigned)ref->guard, (unsigned)c->stack_depth);
        FUZZ_CHECK(ctx->sp <= c->stack_room, "context %u holds %u values in a stack of %u", (unsigned)k,
                   (unsigned)ctx->sp, (unsigned)c->stack_room);
        FUZZ_CHECK(ctx->stack == cfg->stack + (size_t)k * cfg->stack_depth + c->stack_guard,
                   "context %u has another's stack", (unsigned)k);
        /* the guard is never written: every slot read that reaches it faults */
        for (uint32_t g = 0; g < c->stack_guard; g++)
            FUZZ_CHECK(ctx->stack[(ptrdiff_t)g - (ptrdiff_t)c->stack_guard] == SVM_UNIT,
                       "context %u: guard value %u below its stack was overwritten", (unsigned)k, (unsigned)g);
        FUZZ_CHECK(code_start(c, ctx->pc), "context %u at pc %u, which is no instruction start", (unsigned)k,
                   (unsigned)ctx->pc);
    }
    FUZZ_CHECK(live == c->live_contexts && live <= cfg->ncontexts, "%u contexts live, the container counts %u",
               (unsigned)live, (unsigned)c->live_contexts);
    if (c->state == SVM_CONTAINER_DONE)
        FUZZ_CHECK(live == 0, "done with %u contexts live", (unsigned)live);
    if (c->current)
        FUZZ_CHECK(c->current <= cfg->ncontexts && cfg->contexts[c->current - 1].state == SVM_CTX_READY,
                   "current context %u is not ready", (unsigned)c->current);
    uint32_t steps = 0, tail = 0;
    for (uint32_t q = c->ready_head; q; q = cfg->contexts[q - 1].next) {
        FUZZ_CHECK(q <= cfg->ncontexts && ++steps <= cfg->ncontexts, "the ready queue is broken at %u", (unsigned)q);
        FUZZ_CHECK(cfg->contexts[q - 1].state == SVM_CTX_READY && q != c->current,
                   "context %u queued but not ready, or current", (unsigned)q);
        tail = q;
    }
    FUZZ_CHECK(tail == c->ready_tail, "ready queue tail %u, the container says %u", (unsigned)tail,
               (unsigned)c->ready_tail);

    /* The heap and every value a context holds. */
    check_heap(c, heap_cells);
    int settled = c->gc.phase == SVM_GC_IDLE;
    for (uint32_t k = 0; k < cfg->ncontexts; k++)
        if (cfg->contexts[k].state != SVM_CTX_FREE)
            check_context_values(c, &cfg->contexts[k], settled);
    if (settled)
        check_cells_kinds(c);
}

/* ------------------------------------------------------------- the run */

/* FUZZ_IMAGE_STATS=1 in the environment: at exit, how far the inputs got,
 * per mode (docs/fuzzing.md quotes it). */
static struct {
    uint64_t inputs, accepted, ran, faulted, done, collected, instructions, printed;
} stats[8];
#define MAX_FAULTS 64
static uint64_t fault_counts[MAX_FAULTS];

static void print_stats(void)
{
    static const char *const names[8] = {"raw",      "raw+sums", "wrapped",  "damaged",
                                         "repaired", "repaired", "repaired", "repaired"};
    fprintf(
        stderr,
        "fuzz_image: mode       inputs  accepted       ran   faulted      done  collected  instructions  printed\n");
    for (int m = 0; m < 8; m++)
        fprintf(stderr, "fuzz_image: %d %-8s %8llu  %8llu  %8llu  %8llu  %8llu  %9llu  %12llu  %7llu\n", m, names[m],
                (unsigned long long)stats[m].inputs, (unsigned long long)stats[m].accepted,
                (unsigned long long)stats[m].ran, (unsigned long long)stats[m].faulted,
                (unsigned long long)stats[m].done, (unsigned long long)stats[m].collected,
                (unsigned long long)stats[m].instructions, (unsigned long long)stats[m].printed);
    for (int f = 1; f < MAX_FAULTS; f++)
        if (fault_counts[f])
            fprintf(stderr, "fuzz_image: fault %-20s %llu\n", svm_fault_reason((svm_fault)f),
                    (unsigned long long)fault_counts[f]);
}

static int want_stats;
static const char *dump_path;

static void setup_once(svm_vm *vm)
{
    static int done;
    if (done)
        return;
    done = 1;
    crc_init();
    vm->verify_bits = verify_bits;
    vm->verify_capacity = MAX_CODE;
    for (uint32_t op = 0; op < SVM_OPCODE_LIMIT; op++) {
        const svm_opinfo *info = opinfo(op);
        if (info && info->enabled)
            valid_ops[nvalid++] = (uint8_t)op;
        if (info && strcmp(info->name, "stop") == 0)
            op_stop = op;
    }
    want_stats = getenv("FUZZ_IMAGE_STATS") != NULL;
    dump_path = getenv("FUZZ_IMAGE_DUMP");
    if (want_stats)
        atexit(print_stats);
    if (!nvalid || !op_stop)
        fuzz_fail("the opcode table has no instructions or no stop");
    if (vm->containers[0].cfg->heap_ncells < HEAP_MAX + 1 || vm->containers[0].cfg->stack_depth < STACK_MAX)
        fuzz_fail("the product's first container is smaller than %u cells and %u stack values", HEAP_MAX, STACK_MAX);
    poison_beyond_max(vm->containers[0].cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    svm_vm *vm = &svm_product_vm;
    setup_once(vm);
    if (size == 0)
        return 0;
    size_t n;
    uint8_t *image = make_image(data, size, &n);
    if (dump_path) { /* FUZZ_IMAGE_DUMP=FILE: the image of the (last) input, for svm-run and the disassembler */
        FILE *f = fopen(dump_path, "wb");
        if (f) {
            fwrite(image, 1, n, f);
            fclose(f);
        }
    }
    uint32_t heap_cells = heap_choice[data[0] >> 3 & 3u], stack_depth = stack_choice[data[0] >> 5 & 1u];

    unpoison_for_init(vm->containers[0].cfg);
    fuzz_hal_reset();
    svm_vm_init(vm);
    svm_container *c = &vm->containers[0];
    FUZZ_CHECK(svm_container_limit(c, heap_cells, stack_depth) == 0, "svm_container_limit refused %u cells, %u values",
               (unsigned)heap_cells, (unsigned)stack_depth);
    for (uint32_t i = 0; i < vm->ncontainers; i++)
        svm_container_unload(&vm->containers[i]);
    poison_beyond_limit(c);
    /* The loader's scratch beyond what this code size needs. */
    uint32_t need = n > HEADER && n - HEADER <= MAX_CODE ? (uint32_t)(n - HEADER + 31) / 32 : 0;
    __asan_unpoison_memory_region(verify_bits, sizeof verify_bits);
    __asan_poison_memory_region(verify_bits + need, sizeof verify_bits - need * sizeof(uint32_t));

    ref_verdict ref = ref_verify(image, n);
    char why[SVM_MESSAGE_SIZE], why_load[SVM_MESSAGE_SIZE];
    int verified = svm_image_verify(vm, image, (uint32_t)n, why, sizeof why);
    int loaded = svm_container_load(vm, c, image, (uint32_t)n, why_load, sizeof why_load);
    __asan_unpoison_memory_region(verify_bits, sizeof verify_bits);
    /* Loading checks one thing more than verifying, which knows no
     * container: a constant bind entry the container's IO table lacks. */
    int io_refusal = verified == 0 && loaded != 0 && strstr(why_load, "names IO entry") != NULL;
    /* ... and the guard below the container's stacks (docs/bytecode.md). */
    int guard_refusal = verified == 0 && loaded != 0 && strstr(why_load, "leaves no room in stacks") != NULL;
    FUZZ_CHECK(verified == loaded || io_refusal || guard_refusal, "svm_image_verify says %d, svm_container_load %d",
               verified, loaded);
    if (loaded && !io_refusal && !guard_refusal)
        FUZZ_CHECK(strcmp(why, why_load) == 0, "two reasons for one image: '%s', '%s'", why, why_load);
    if (loaded == 0)
        FUZZ_CHECK(ref.guard < stack_depth, "the loader accepted slot operands needing a guard of %u below stacks of %u",
                   (unsigned)ref.guard, (unsigned)stack_depth);
    if (io_refusal) {
        /* the reference verifier knows no IO tables either */
    } else if (guard_refusal) {
        FUZZ_CHECK(ref.ok && ref.guard >= stack_depth, "the loader refused a guard of %u below stacks of %u (%s)",
                   (unsigned)ref.guard, (unsigned)stack_depth, why_load);
    } else if (!ref.ok)
        FUZZ_CHECK(loaded != 0, "the loader accepted an image the reference verifier refuses (%s)", ref.why);
    else if (ref.run_over_low)
        FUZZ_CHECK(loaded != 0, "the loader accepted an image with a straight run over CONFIG_SVM_MAX_STRAIGHT_RUN");
    else if (!ref.run_over_high)
        FUZZ_CHECK(loaded == 0, "the loader refused an image the reference verifier accepts: %s", why_load);
    else if (loaded)
        FUZZ_CHECK(strstr(why_load, "CONFIG_SVM_MAX_STRAIGHT_RUN") != NULL,
                   "the loader refused an image the reference verifier accepts but for its straight runs: %s",
                   why_load);
    if (loaded == 0)
        c->budget = BUDGET;

    /* 50 ms of the virtual clock, in steps (a host may call svm_vm_run
     * again to go on).  A program that has printed more than OUTPUT_CAP
     * bytes stops at the end of a step: one print may write 10000 values
     * (CONFIG_SVM_PRINT_LIMIT) for the virtual time of one instruction, so
     * a loop printing a big value could spend the whole execution in the
     * printer.  The steps start at one instruction and double up to
     * RUN_STEP_NS, and start again at one after a step that printed. */
    svm_vm_start(vm, SVM_CLOCK_VIRTUAL);
    svm_vm_status status;
    uint64_t until = 0, step = vm->ns_per_instruction, printed;
    uint32_t inputs = data[0] & 7u;
    do {
        until += step;
        if (until > RUN_NS)
            until = RUN_NS;
        printed = fuzz_hal.console_bytes;
        /* An input for one of the container's devices between two steps,
         * as an interrupt brings it (buttons, UART bytes, sensor readings). */
        if (vm->ndevices) {
            svm_device_input(vm, inputs % vm->ndevices, (int32_t)(inputs * 37u % 300u));
            inputs++;
        }
        status = svm_vm_run(vm, until);
        step = fuzz_hal.console_bytes != printed ? vm->ns_per_instruction
               : step * 2 > RUN_STEP_NS          ? RUN_STEP_NS
                                                 : step * 2;
    } while (status == SVM_VM_TIME && until < RUN_NS && fuzz_hal.console_bytes < OUTPUT_CAP);
    if (c->fault.code != SVM_FAULT_NONE)
        svm_container_describe_fault(c);
    check_after(vm, c, status, until, loaded == 0, &ref, heap_cells, stack_depth);
    if (want_stats) {
        uint32_t m = data[0] & 7u;
        stats[m].inputs++;
        stats[m].accepted += loaded == 0;
        stats[m].ran += c->instructions > 0;
        stats[m].faulted += c->faults > 0;
        stats[m].done += c->state == SVM_CONTAINER_DONE;
        stats[m].collected += c->heap.collections > 0;
        stats[m].instructions += c->instructions;
        stats[m].printed += fuzz_hal.console_bytes;
        if (c->faults && (unsigned)c->fault.code < MAX_FAULTS)
            fault_counts[c->fault.code]++;
    }

    free(image);
    return 0;
}
