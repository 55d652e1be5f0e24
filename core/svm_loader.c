/* The loader and verifier: no image runs before it has been checked.
 *
 * Checked (docs/bytecode.md): header magic, version, flags, sizes and
 * checksum; every opcode defined and compiled into this build; every
 * instruction's group declared by the header; every operand inside the
 * code and in range; every jump, call, closure and case target on an
 * instruction boundary inside the code; the entry likewise; and no
 * instruction that can fall through at the end.  The operand formats come
 * from the ISA table (generated svm_opcodes.h), so the verifier never
 * lags the instruction set.  Two linear passes, no recursion, and one bit
 * of scratch per code byte (vm->verify_bits).
 */
#include "svm.h"
#include "svm_bits.h"
#include "svm_format.h"
#include "svm_opcodes.h"

#include <stdarg.h>
#include <string.h>

#define HEADER_SIZE 24u
#define MAX_CODE 0xffffu

uint32_t svm_crc32(const uint8_t *data, uint32_t size)
{
    uint32_t crc = 0xffffffffu;
    for (uint32_t i = 0; i < size; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* Where a verification writes why it refused an image. */
typedef struct verdict {
    char *why;
    uint32_t size;
} verdict;

static int reject(verdict *v, const char *fmt, ...)
{
    if (!v->why || v->size == 0)
        return -1;
    uint32_t n = svm_format(v->why, v->size, "image rejected: ");
    va_list ap;
    va_start(ap, fmt);
    svm_vformat(v->why + n, v->size - n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Bytes of an operand of a fixed-size type (a cases operand: its count). */
static uint32_t operand_width(uint32_t type)
{
    return type == SVM_OPD_U8 || type == SVM_OPD_SLOT || type == SVM_OPD_BOOL || type == SVM_OPD_CASES ? 1u
           : type == SVM_OPD_TAG || type == SVM_OPD_LABEL                                              ? 2u
                                                                                                       : 4u;
}

/* Check the instruction at pc and, when labels_bits is set, its targets.
 * Returns 0 with *next set to the offset after it, or -1 after rejecting. */
static int check_instr(verdict *c, const uint8_t *code, uint32_t size, uint32_t pc, uint32_t groups,
                       const uint32_t *labels_bits, uint32_t *next)
{
    uint32_t op = code[pc];
    const svm_opinfo *info = op < SVM_OPCODE_LIMIT ? &svm_opinfo_table[op] : NULL;
    if (!info || !info->name)
        return reject(c, "illegal opcode 0x%02x at pc %u", (unsigned)op, (unsigned)pc);
    if (!info->enabled)
        return reject(c,
                      "instruction '%s' at pc %u needs group %s, which this VM was built without "
                      "(CONFIG_%s)",
                      info->name, (unsigned)pc, svm_group_names[info->group], svm_group_kconfig[info->group]);
    if (!(groups & (1u << info->group)))
        return reject(c, "instruction '%s' at pc %u is in group %s, which the image header does not declare",
                      info->name, (unsigned)pc, svm_group_names[info->group]);
    uint32_t p = pc + 1;
    for (uint32_t k = 0; k < info->noperands; k++) {
        uint32_t type = info->operands[k];
        uint32_t width = operand_width(type);
        if (size - p < width)
            goto cut;
        uint32_t ncases = 0;
        switch (type) {
        case SVM_OPD_BOOL:
            if (code[p] > 1)
                return reject(c, "'%s' at pc %u: boolean operand %u is not 0 or 1", info->name, (unsigned)pc,
                              (unsigned)code[p]);
            break;
        case SVM_OPD_TAG:
            if (svm_read_u16(code + p) > SVM_MAX_TAG)
                return reject(c, "'%s' at pc %u: tag %u is out of range 0..%u", info->name, (unsigned)pc,
                              (unsigned)svm_read_u16(code + p), (unsigned)SVM_MAX_TAG);
            break;
        case SVM_OPD_LABEL:
            if (labels_bits && (svm_read_u16(code + p) >= size || !svm_bit_get(labels_bits, svm_read_u16(code + p))))
                return reject(c, "'%s' at pc %u: target %u is not the start of an instruction", info->name,
                              (unsigned)pc, (unsigned)svm_read_u16(code + p));
            break;
        case SVM_OPD_CASES:
            ncases = code[p];
            if (ncases == 0)
                return reject(c, "'%s' at pc %u has no cases", info->name, (unsigned)pc);
            if ((size - p - 1) / 4u < ncases)
                goto cut;
            for (uint32_t i = 0; i < ncases; i++) {
                /* Every 16-bit case tag is valid: 0..65534, or 0xffff for _. */
                uint32_t target = svm_read_u16(code + p + 3 + 4 * i);
                if (labels_bits && (target >= size || !svm_bit_get(labels_bits, target)))
                    return reject(c, "'%s' at pc %u: case target %u is not the start of an instruction", info->name,
                                  (unsigned)pc, (unsigned)target);
            }
            width += 4u * ncases;
            break;
        default:
            break;
        }
        p += width;
    }
    *next = p;
    return 0;
cut:
    return reject(c, "instruction '%s' at pc %u is cut off by the end of the code", info->name, (unsigned)pc);
}

/* The checks, in order; on success the code, its size and entry. */
static int verify(svm_vm *vm, const uint8_t *img, uint32_t size, verdict *c, uint32_t *code_size_out,
                  uint32_t *entry_out)
{
    if (!img || size < HEADER_SIZE)
        return reject(c, "the image is %u bytes, shorter than its %u-byte header", (unsigned)size,
                      (unsigned)HEADER_SIZE);
    if (memcmp(img, "SVMB", 4) != 0)
        return reject(c, "not a Sense-VM image (bad magic)");
    if (img[4] != SVM_ISA_VERSION)
        return reject(c, "image version %u, this VM runs version %u", (unsigned)img[4], (unsigned)SVM_ISA_VERSION);
    if (img[5] != 0 || svm_read_u16(img + 6) != HEADER_SIZE)
        return reject(c, "unknown header flags or header size");
    uint32_t groups = svm_read_u32(img + 8), code_size = svm_read_u32(img + 12), entry = svm_read_u32(img + 16),
             crc = svm_read_u32(img + 20);
    if (code_size != size - HEADER_SIZE)
        return reject(c, "the header says %u bytes of code, the image holds %u", (unsigned)code_size,
                      (unsigned)(size - HEADER_SIZE));
    if (code_size == 0 || code_size > MAX_CODE)
        return reject(c, "code size %u is outside 1..%u", (unsigned)code_size, (unsigned)MAX_CODE);
    if (code_size > vm->verify_capacity)
        return reject(c, "code size %u exceeds this VM's loader capacity of %u bytes", (unsigned)code_size,
                      (unsigned)vm->verify_capacity);
    const uint8_t *code = img + HEADER_SIZE;
    if (svm_crc32(code, code_size) != crc)
        return reject(c, "code checksum mismatch: the image is corrupted");
    uint32_t unknown = groups & ~SVM_GROUPS_DEFINED;
    if (unknown)
        return reject(c, "the header declares unknown instruction groups (mask 0x%08x)", (unsigned)unknown);

    /* Pass 1: instruction boundaries, opcodes, operands. */
    uint32_t *bits = vm->verify_bits;
    memset(bits, 0, ((code_size + 31u) / 32u) * sizeof(uint32_t));
    uint32_t pc = 0, last = 0, run = 0, run_start = 0;
    while (pc < code_size) {
        svm_bit_set(bits, pc);
        last = pc;
        if (run == 0)
            run_start = pc;
        if (check_instr(c, code, code_size, pc, groups, NULL, &pc))
            return -1;
        /* Execution only leaves a straight run at a preemption point (a
         * jump or call) or falls through to the next instruction: no path
         * runs longer without one than the longest run.  An instruction
         * that loops n times (acc n, a switch of n cases) counts 1 + n/8. */
        const svm_opinfo *info = &svm_opinfo_table[code[last]];
        uint32_t weight = 1u + (info->loops ? code[last + 1] / 8u : 0u);
        run = info->flow == SVM_FLOW_JUMP || info->flow == SVM_FLOW_CALL ? 0 : run + weight;
        if (run > vm->max_straight_run)
            return reject(c,
                          "the straight run from pc %u passes no preemption point (a jump, call or return) "
                          "for more than CONFIG_SVM_MAX_STRAIGHT_RUN (%u) instructions",
                          (unsigned)run_start, (unsigned)vm->max_straight_run);
    }
    if (svm_opinfo_table[code[last]].flow != SVM_FLOW_JUMP)
        return reject(c, "the last instruction ('%s' at pc %u) can run past the end of the code",
                      svm_opinfo_table[code[last]].name, (unsigned)last);
    uint32_t missing = groups & ~SVM_GROUPS_BUILT;
    for (uint32_t g = 0; missing && g < 32; g++)
        if (missing & (1u << g))
            return reject(c, "the image needs group %s, which this VM was built without (CONFIG_%s)",
                          svm_group_names[g], svm_group_kconfig[g]);

    /* Pass 2: every target on a boundary. */
    for (pc = 0; pc < code_size;)
        if (check_instr(c, code, code_size, pc, groups, bits, &pc))
            return -1;
    if (entry >= code_size || !svm_bit_get(bits, entry))
        return reject(c, "entry %u is not the start of an instruction", (unsigned)entry);

    *code_size_out = code_size;
    *entry_out = entry;
    return 0;
}

int svm_image_verify(svm_vm *vm, const uint8_t *image, uint32_t size, char *why, uint32_t why_size)
{
    verdict v = {why, why_size};
    uint32_t code_size = 0, entry = 0;
    return verify(vm, image, size, &v, &code_size, &entry);
}

/* A refused image: a container that was not running is REJECTED with the
 * reason; a running one runs on (a refused update changes nothing). */
static int refuse(svm_container *c, const char *why)
{
    if (c->state == SVM_CONTAINER_EMPTY || c->state == SVM_CONTAINER_REJECTED) {
        c->state = SVM_CONTAINER_REJECTED;
        if (why && why != c->message)
            svm_format(c->message, sizeof c->message, "%s", why);
    }
    return -1;
}

int svm_container_load(svm_vm *vm, svm_container *c, const uint8_t *image, uint32_t size, char *why,
                       uint32_t why_size)
{
    verdict v = {why, why_size};
    uint32_t code_size = 0, entry = 0;
    if (verify(vm, image, size, &v, &code_size, &entry)) {
        return refuse(c, why);
    }
    /* A bind whose entry is a constant (loadi k; bind) must name an entry
     * of this container's IO table.  The guard: 1 + the largest slot
     * operand, the values of () kept below each context's stack so that a
     * slot read below it fails its kind check (SLOT_FAULT, svm_interp.h). */
    const uint8_t *code = image + HEADER_SIZE;
    uint32_t guard = 0, guard_pc = 0;
    for (uint32_t pc = 0, prev = 0xffffffffu; pc < code_size;) {
        uint32_t next = pc;
        check_instr(&v, code, code_size, pc, 0xffffffffu, NULL, &next);
        const svm_opinfo *info = &svm_opinfo_table[code[pc]];
        for (uint32_t k = 0, p = pc + 1; k < info->noperands && info->operands[k] != SVM_OPD_CASES; k++) {
            uint32_t type = info->operands[k];
            if (type == SVM_OPD_SLOT && code[p] + 1u > guard) {
                guard = code[p] + 1u;
                guard_pc = pc;
            }
            p += operand_width(type);
        }
        if (code[pc] == SVM_OP_BIND && prev != 0xffffffffu && code[prev] == SVM_OP_LOADI) {
            uint32_t k = svm_read_u32(code + prev + 1);
            if (k >= c->cfg->nio) {
                reject(&v, "bind at pc %u names IO entry %d, which container '%s' does not have (it has %u)",
                       (unsigned)pc, (int)svm_int_of(k), c->cfg->name, (unsigned)c->cfg->nio);
                return refuse(c, why);
            }
        }
        prev = pc;
        pc = next;
    }
    if (guard >= c->stack_depth) {
        reject(&v,
               "'%s' at pc %u reads stack slot %u: a guard of %u leaves no room in stacks of %u "
               "(CONFIG_SVM_CONTAINER%u_STACK_DEPTH)",
               svm_opinfo_table[code[guard_pc]].name, (unsigned)guard_pc, (unsigned)(guard - 1u), (unsigned)guard,
               (unsigned)c->stack_depth, (unsigned)c->id);
        return refuse(c, why);
    }
    c->stack_guard = guard;
    c->image = image;
    c->image_size = size;
    c->code = image + HEADER_SIZE;
    c->code_size = code_size;
    c->entry = entry;
    c->state = SVM_CONTAINER_READY;
    svm_container_reset(c);
    return 0;
}
