/* The vocabulary of instruction bodies (generator/isa.toml).
 *
 * Included only by the generated interpreter (svm_interp.c), where these
 * registers are locals of svm_interp():
 *
 *   c             the running container (CTX: its running context, read
 *                 from memory where a body needs it)
 *   code, pc      the program and the start of the current instruction
 *   env           the accumulator
 *   sp            one past the top of the stack; stack_lo, stack_hi bound it
 *   heap          the container's cells
 *   slice         branch points left in this quantum
 *   icount        instructions executed in this call (ilimit: at most)
 *
 * Operands are macros reading the code at pc (templates/svm_interp.c.j2):
 * a cold path that uses one starts with OPERANDS_AGAIN(), as FAULT does.
 * A body faults with FAULT/FAULT_KIND (never returns early otherwise),
 * pushes and pops only through PUSH/POP (checked), allocates only through
 * ALLOC (before any other effect: the instruction may be run again after a
 * collection) and transfers control only through JUMP (a preemption
 * point), END_SLICE (the slice spent at a jump), SCHEDULE (back to the
 * scheduler) or STOP.
 */
#ifndef SVM_INTERP_H
#define SVM_INTERP_H

#include "svm.h"
#include "svm_bits.h"

static inline int32_t svm_read_i32(const uint8_t *p) { return svm_int_of(svm_read_u32(p)); }

static inline float svm_read_f32(const uint8_t *p) { return svm_float_of(svm_read_u32(p)); }

/* Truncating division as C99, total: the caller has excluded y == 0. */
static inline uint32_t svm_div(uint32_t x, uint32_t y)
{
    if (y == 0xffffffffu) /* / -1: INT_MIN / -1 wraps to INT_MIN */
        return 0u - x;
    return (uint32_t)(svm_int_of(x) / svm_int_of(y));
}

static inline uint32_t svm_mod(uint32_t x, uint32_t y)
{
    if (y == 0xffffffffu)
        return 0u;
    return (uint32_t)(svm_int_of(x) % svm_int_of(y));
}

/* The running context, c's current one (svm_vm.c sets c->current before
 * it calls svm_interp and nothing changes it meanwhile): read from memory
 * where needed (leaving, sync) rather than kept in a register the
 * dispatch loop needs for its own values. */
#define CTX (c->cfg->contexts + (c->current - 1u))

#define SAVE_REGS()                                                                                                    \
    do {                                                                                                               \
        c->slice_left = slice;                                                                                         \
        c->slice_instructions = icount;                                                                                \
        CTX->env = env;                                                                                                \
        CTX->sp = (uint32_t)(sp - stack_lo);                                                                           \
        CTX->pc = (uint32_t)(pc - code);                                                                               \
    } while (0)

/* On a fault path: read the instruction's operands (macros, see
 * templates/svm_interp.c.j2) again from the code instead of keeping them in
 * registers on the hot path for it. */
#if defined(__GNUC__) || defined(__clang__)
#define OPERANDS_AGAIN() __asm__ volatile("" ::: "memory")
#else
#define OPERANDS_AGAIN() ((void)0)
#endif

/* Faults write straight into the container (no locals kept live across the
 * loop for them) and leave through one exit that saves the registers. */
#define FAULT(code_)                                                                                                   \
    do {                                                                                                               \
        OPERANDS_AGAIN();                                                                                              \
        c->fault.code = (code_);                                                                                       \
        goto fault;                                                                                                    \
    } while (0)

#define FAULT_KIND(expected_, v_)                                                                                      \
    do {                                                                                                               \
        c->fault.expected = (expected_);                                                                               \
        c->fault.value = (v_);                                                                                         \
        FAULT(SVM_FAULT_WRONG_KIND);                                                                                   \
    } while (0)

/* A slot operand's value (slot n_ of S, 0 = the top) failed its kind check
 * k_: below the stack it read the loader's guard, values of () that no
 * such check accepts, so the fault is an underflow there and a wrong kind
 * otherwise.  Handlers of slot operands (generator/isa.toml) read them
 * without a depth check: this is the one they do, on the fault path. */
#define SLOT_FAULT(n_, k_, v_)                                                                                         \
    do {                                                                                                               \
        OPERANDS_AGAIN();                                                                                              \
        if ((uint32_t)(sp - stack_lo) <= (uint32_t)(n_))                                                               \
            FAULT(SVM_FAULT_STACK_UNDERFLOW);                                                                          \
        FAULT_KIND((k_), (v_));                                                                                        \
    } while (0)

/* v must be exactly of kind k (and not a constructor). */
#define NEED(k_, v_)                                                                                                   \
    do {                                                                                                               \
        if (SVM_UNLIKELY(svm_hi(v_) != (uint32_t)(k_)))                                                                \
            FAULT_KIND((k_), (v_));                                                                                    \
    } while (0)

/* At least one value on the stack. */
#define NEED_VALUE()                                                                                                   \
    do {                                                                                                               \
        if (SVM_UNLIKELY(sp == stack_lo))                                                                              \
            FAULT(SVM_FAULT_STACK_UNDERFLOW);                                                                          \
    } while (0)

#define PUSH(v_)                                                                                                       \
    do {                                                                                                               \
        if (SVM_UNLIKELY(sp == stack_hi))                                                                              \
            FAULT(SVM_FAULT_STACK_OVERFLOW);                                                                           \
        *sp++ = (v_);                                                                                                  \
    } while (0)

#define POP(dst_)                                                                                                      \
    do {                                                                                                               \
        if (SVM_UNLIKELY(sp == stack_lo))                                                                              \
            FAULT(SVM_FAULT_STACK_UNDERFLOW);                                                                          \
        (dst_) = *--sp;                                                                                                \
    } while (0)

/* The cell of a pointer value (pair, closure or box). */
#define CELL(v_) (heap[svm_payload(v_)])

/* v := n times fst of v (acc, rest, pushacc). */
#define REST(v_, n_)                                                                                                   \
    do {                                                                                                               \
        for (uint32_t rest_i = 0; rest_i < (n_); rest_i++) {                                                           \
            NEED(SVM_KIND_PAIR, (v_));                                                                                 \
            (v_) = CELL(v_).car;                                                                                       \
        }                                                                                                              \
    } while (0)

/* dst := a new cell (a, b) of kind-and-constructor `hi`: from the free list,
 * else a never-used cell.  With neither, the instruction is abandoned
 * before it changed anything and the interpreter returns SVM_RUN_COLLECT:
 * the scheduler collects the heap in bounded slices (preemptible, charged
 * to this container) and then runs the instruction again from its start.
 * So a body allocates before it changes env, sp or the stack. */
#define ALLOC(dst_, hi_, a_, b_)                                                                                       \
    do {                                                                                                               \
        uint32_t alloc_i = c->heap.free;                                                                               \
        if (SVM_LIKELY(alloc_i != 0)) {                                                                                \
            c->heap.free = svm_payload(heap[alloc_i].car);                                                             \
        } else if (c->heap.fresh < c->heap.ncells) {                                                                   \
            alloc_i = c->heap.fresh++;                                                                                 \
        } else {                                                                                                       \
            icount--; /* it runs again after the collection */                                                         \
            SAVE_REGS();                                                                                               \
            return SVM_RUN_COLLECT;                                                                                    \
        }                                                                                                              \
        heap[alloc_i].car = (a_);                                                                                      \
        heap[alloc_i].cdr = (b_);                                                                                      \
        (dst_) = svm_make((hi_), alloc_i);                                                                             \
    } while (0)

/* Two cells at once (app2), from the free list or never used ones: sets
 * a_ and b_ and goes on when two are there; else changes nothing and goes
 * to none_ (which allocates one at a time, through ALLOC, so that a full
 * heap is collected, or faults, as for any allocation). */
#define TAKE_TWO_CELLS(a_, b_, none_)                                                                                  \
    do {                                                                                                               \
        (a_) = c->heap.free;                                                                                           \
        if ((a_) != 0 && ((b_) = svm_payload(heap[(a_)].car)) != 0) {                                                 \
            c->heap.free = svm_payload(heap[(b_)].car);                                                                \
        } else if (c->heap.ncells - c->heap.fresh >= 2u) {                                                             \
            (a_) = c->heap.fresh++;                                                                                    \
            (b_) = c->heap.fresh++;                                                                                    \
        } else {                                                                                                       \
            goto none_;                                                                                                \
        }                                                                                                              \
    } while (0)

/* Return from a frame [.. a values, R, l values] with env: drop the l
 * values, pop the return address R, drop the a values, jump to R (ret and
 * the conditional returns). */
#define RETURN_FRAME(l_, a_)                                                                                           \
    do {                                                                                                               \
        if (SVM_UNLIKELY((uint32_t)(sp - stack_lo) <= (uint32_t)(l_) + (a_)))                                          \
            FAULT(SVM_FAULT_STACK_UNDERFLOW);                                                                          \
        svm_value ret_r = sp[-1 - (ptrdiff_t)(l_)];                                                                    \
        NEED(SVM_KIND_RET, ret_r);                                                                                     \
        sp -= (ptrdiff_t)(l_) + (a_) + 1;                                                                              \
        JUMP(svm_payload(ret_r));                                                                                      \
    } while (0)

/* The environment and code offset of a closure value f (a cell, or a
 * comb's immediate); anything else faults. */
#define CLOSURE_PARTS(f_, fenv_, target_)                                                                              \
    do {                                                                                                               \
        if (svm_hi(f_) == SVM_KIND_CLOSURE) {                                                                          \
            (fenv_) = CELL(f_).car;                                                                                    \
            (target_) = svm_payload(CELL(f_).cdr);                                                                     \
        } else if (svm_hi(f_) == SVM_KIND_COMB) {                                                                      \
            (fenv_) = SVM_UNIT;                                                                                        \
            (target_) = svm_payload(f_);                                                                               \
        } else {                                                                                                       \
            FAULT_KIND(SVM_KIND_CLOSURE, (f_));                                                                        \
        }                                                                                                              \
    } while (0)

/* Go to code offset off_ (verified by the loader).  A preemption point:
 * the slice ends here when its quantum of branch points or its
 * instruction limit (c->ilimit) is used up.  The HAL's tick or a wake-up
 * of a higher container asks for the processor by setting c->ilimit to 0
 * (svm_vm_preempt): one compare with memory serves both.  SLICE_SPENT()
 * is that test, for a body that goes round a loop of its own (accijnz):
 * each round spends a branch point, as a JUMP does. */
#define SLICE_SPENT() (--slice == 0 || icount >= c->ilimit)

/* The slice ends at a jump to code offset off_: the context goes on there. */
#define END_SLICE(off_)                                                                                                \
    do {                                                                                                               \
        c->branch_pc = (uint32_t)(pc - code);                                                                          \
        pc = code + (off_);                                                                                            \
        goto slice_end;                                                                                                \
    } while (0)

#define JUMP(off_)                                                                                                     \
    do {                                                                                                               \
        if (SVM_UNLIKELY(SLICE_SPENT()))                                                                               \
            END_SLICE(off_);                                                                                           \
        pc = code + (off_);                                                                                            \
        DISPATCH();                                                                                                    \
    } while (0)

/* r, on top of the stack, is not a return address: it must be the mark a
 * sync left under a wrap function (SVM_KIND_RET_APPLY, the function under
 * it): apply the function to env, as app does, and return on from it to
 * what is under them (the next wrap, then the sync's next instruction). */
#define APPLY_WRAP(r_)                                                                                                 \
    do {                                                                                                               \
        if (SVM_UNLIKELY(svm_hi(r_) != SVM_KIND_RET_APPLY))                                                            \
            FAULT_KIND(SVM_KIND_RET, (r_));                                                                            \
        if (SVM_UNLIKELY(sp - stack_lo < 2))                                                                           \
            FAULT(SVM_FAULT_STACK_UNDERFLOW);                                                                          \
        svm_value wrap_fenv;                                                                                           \
        uint32_t wrap_target;                                                                                          \
        CLOSURE_PARTS(sp[-2], wrap_fenv, wrap_target);                                                                 \
        ALLOC(env, SVM_KIND_PAIR, wrap_fenv, env);                                                                     \
        sp -= 2;                                                                                                       \
        JUMP(wrap_target);                                                                                             \
    } while (0)

/* After svm_sync or svm_synct (registers saved): go on with the
 * registers it left, leave for the scheduler, or fault. */
#define SYNC_RESULT(call_)                                                                                             \
    do {                                                                                                               \
        svm_run_status sync_status = (call_);                                                                          \
        if (sync_status == SVM_RUN_FAULT)                                                                              \
            return SVM_RUN_FAULT;                                                                                      \
        if (sync_status != SVM_RUN_QUANTUM) {                                                                          \
            c->slice_left = slice;                                                                                     \
            c->slice_instructions = icount - (sync_status == SVM_RUN_COLLECT);                                         \
            return sync_status;                                                                                        \
        }                                                                                                              \
        env = CTX->env;                                                                                                \
        sp = stack_lo + CTX->sp;                                                                                       \
        JUMP(CTX->pc);                                                                                                 \
    } while (0)

/* Leave the interpreter after this instruction, for the scheduler
 * (yield, sleep, a blocking sync): a scheduling point of the context. */
#define SCHEDULE(status_)                                                                                              \
    do {                                                                                                               \
        pc += INSTR_SIZE;                                                                                              \
        SAVE_REGS();                                                                                                   \
        return (status_);                                                                                              \
    } while (0)

#define STOP()                                                                                                         \
    do {                                                                                                               \
        SAVE_REGS();                                                                                                   \
        return SVM_RUN_STOPPED;                                                                                        \
    } while (0)

/* Pop the left operand of a binary int operation and check both: they are
 * then the uint32_t x (left, popped) and y (right, env). */
#define INT_OPERANDS()                                                                                                 \
    svm_value int_a;                                                                                                   \
    POP(int_a);                                                                                                        \
    if (SVM_UNLIKELY((int_a | env) >> 32))                                                                             \
        FAULT_KIND(SVM_KIND_INT, (int_a >> 32) ? int_a : env);                                                         \
    uint32_t x = (uint32_t)int_a, y = (uint32_t)env

/* env := pop() OP env on ints, wrapping. */
#define INT_BINARY(expr_)                                                                                              \
    do {                                                                                                               \
        INT_OPERANDS();                                                                                                \
        env = (svm_value)(uint32_t)(expr_);                                                                            \
    } while (0)

/* As INT_BINARY, for div and mod: a zero divisor faults. */
#define INT_BINARY_CHECKED(expr_)                                                                                      \
    do {                                                                                                               \
        INT_OPERANDS();                                                                                                \
        if (SVM_UNLIKELY(y == 0))                                                                                      \
            FAULT(SVM_FAULT_DIV_ZERO);                                                                                 \
        env = (svm_value)(expr_);                                                                                      \
    } while (0)

#define INT_UNARY(expr_)                                                                                               \
    do {                                                                                                               \
        NEED(SVM_KIND_INT, env);                                                                                       \
        uint32_t x = (uint32_t)env;                                                                                    \
        env = (svm_value)(uint32_t)(expr_);                                                                            \
    } while (0)

/* Room for one more value, for an instruction that pushes other than
 * through PUSH (pushacc checks before it walks env). */
#define NEED_ROOM()                                                                                                    \
    do {                                                                                                               \
        if (SVM_UNLIKELY(sp == stack_hi))                                                                              \
            FAULT(SVM_FAULT_STACK_OVERFLOW);                                                                           \
    } while (0)

/* env := a bool about the int env, as uint32_t x (push; loadi k; compare). */
#define INT_TEST(expr_)                                                                                                \
    do {                                                                                                               \
        NEED(SVM_KIND_INT, env);                                                                                       \
        uint32_t x = (uint32_t)env;                                                                                    \
        env = svm_bool(expr_);                                                                                         \
    } while (0)

#define INT_COMPARE(expr_)                                                                                             \
    do {                                                                                                               \
        INT_OPERANDS();                                                                                                \
        env = svm_bool(expr_);                                                                                         \
    } while (0)

#define FLOAT_OPERANDS()                                                                                               \
    svm_value float_a;                                                                                                 \
    POP(float_a);                                                                                                      \
    NEED(SVM_KIND_FLOAT, float_a);                                                                                     \
    NEED(SVM_KIND_FLOAT, env);                                                                                         \
    float x = svm_float_of(float_a), y = svm_float_of(env)

#define FLOAT_BINARY(expr_)                                                                                            \
    do {                                                                                                               \
        FLOAT_OPERANDS();                                                                                              \
        env = svm_float(expr_);                                                                                        \
    } while (0)

#define FLOAT_COMPARE(expr_)                                                                                           \
    do {                                                                                                               \
        FLOAT_OPERANDS();                                                                                              \
        env = svm_bool(expr_);                                                                                         \
    } while (0)

/* Match env, a constructor, against a cases operand: sets target_ to the
 * label of the first case whose tag is env's (or _), and v_ to env's
 * payload; faults when env is no constructor or nothing matches. */
#define MATCH_CASE(cases_, target_, v_)                                                                                \
    do {                                                                                                               \
        uint32_t match_field = svm_ctor_field(env);                                                                    \
        if (SVM_UNLIKELY(match_field == 0))                                                                            \
            FAULT_KIND(SVM_EXPECT_CONSTRUCTOR, env);                                                                   \
        uint32_t match_tag = match_field - 1u, match_n = (cases_)[0], match_i;                                         \
        const uint8_t *match_p = (cases_) + 1;                                                                         \
        for (match_i = 0; match_i < match_n; match_i++, match_p += 4) {                                                \
            uint32_t case_tag = svm_read_u16(match_p);                                                                 \
            if (case_tag == match_tag || case_tag == 0xffffu)                                                          \
                break;                                                                                                 \
        }                                                                                                              \
        if (SVM_UNLIKELY(match_i == match_n))                                                                          \
            FAULT(SVM_FAULT_NO_MATCH);                                                                                 \
        (target_) = svm_read_u16(match_p + 2);                                                                         \
        (v_) = svm_kind(env) == SVM_KIND_BOX ? CELL(env).car : (env & ~SVM_CTOR_MASK);                                 \
    } while (0)

#endif
