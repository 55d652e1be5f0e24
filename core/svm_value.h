/* Sense-VM values.
 *
 * A value is 64 bits: the low 32 bits are the payload, the high 32 bits say
 * what the payload is.
 *
 *   63        56 55            40 39      32 31                        0
 *  +------------+----------------+----------+---------------------------+
 *  |  (zero)    | constructor+1  |   kind   |  payload                  |
 *  +------------+----------------+----------+---------------------------+
 *
 * - kind 0 is int, so an int is its 32 bits zero-extended and "is this an
 *   int" is "are the high 32 bits zero": arithmetic pays one compare.
 * - kinds >= SVM_KIND_FIRST_POINTER carry a cell index of the container's
 *   own heap as payload, never a C pointer: a value cannot name memory
 *   outside its container.
 * - constructor+1 (0 = not a constructor) tags any value with a
 *   constructor tag 0..65534 without allocating: `Cons` of a pair is that
 *   pair with a tag, `Nil` of () is () with a tag.  Only a constructor
 *   applied to a value that already is a constructor is boxed in a cell
 *   (kind BOX).
 */
#ifndef SVM_VALUE_H
#define SVM_VALUE_H

#include <stdint.h>
#include <string.h>

typedef uint64_t svm_value;

enum svm_kind {
    SVM_KIND_INT = 0,
    SVM_KIND_BOOL = 1,
    SVM_KIND_UNIT = 2,
    SVM_KIND_FLOAT = 3,
    SVM_KIND_RET = 4,  /* a return address on the stack: payload = code offset */
    SVM_KIND_COMB = 5, /* a closure with env (): payload = code offset, no cell */
    SVM_KIND_EVT_AFTER = 6, /* the event "after payload us" (an int32), no cell */
    SVM_KIND_RET_APPLY = 7, /* on the stack under a wrap function: apply it to the result, then return on */
    SVM_KIND_FIRST_POINTER = 8,
    SVM_KIND_PAIR = 8,        /* cell (car, cdr) */
    SVM_KIND_CLOSURE = 9,     /* cell (env, code offset as int) */
    SVM_KIND_BOX = 10,        /* cell (constructor value, ()) under another tag */
    SVM_KIND_CHANNEL = 11,    /* cell ((), ()): its index is its identity */
    SVM_KIND_EVT_SEND = 12,   /* cell (channel, value) */
    SVM_KIND_EVT_RECV = 13,   /* the channel's own cell: no cell of its own */
    SVM_KIND_EVT_CHOOSE = 14, /* cell (first event, second event) */
    SVM_KIND_EVT_WRAP = 15    /* cell (event, function) */
};

/* An event value: after, send, receive, choose or wrap. */
static inline int svm_is_event(uint64_t v)
{
    uint32_t hi = (uint32_t)(v >> 32);
    return hi == SVM_KIND_EVT_AFTER || (hi >= SVM_KIND_EVT_SEND && hi <= SVM_KIND_EVT_WRAP);
}

#define SVM_MAX_TAG 65534u
#define SVM_CTOR_SHIFT 40
#define SVM_CTOR_MASK ((svm_value)0xffffu << SVM_CTOR_SHIFT)

static inline svm_value svm_make(uint32_t kind, uint32_t payload) { return ((svm_value)kind << 32) | payload; }
static inline uint32_t svm_kind(svm_value v) { return (uint32_t)(v >> 32) & 0xffu; }
static inline uint32_t svm_payload(svm_value v) { return (uint32_t)v; }
/* The kind together with the constructor field: equal to a plain kind only
 * when the value is not a constructor. */
static inline uint32_t svm_hi(svm_value v) { return (uint32_t)(v >> 32); }
static inline int svm_is_pointer(svm_value v) { return svm_kind(v) >= SVM_KIND_FIRST_POINTER; }

static inline svm_value svm_int(int32_t i) { return (svm_value)(uint32_t)i; }
static inline int32_t svm_int_of(svm_value v)
{
    /* Two's complement conversion without implementation-defined casts. */
    uint32_t u = (uint32_t)v;
    return u <= 0x7fffffffu ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7fffffff - 1;
}
static inline svm_value svm_bool(int b) { return svm_make(SVM_KIND_BOOL, b ? 1u : 0u); }
#define SVM_UNIT ((svm_value)SVM_KIND_UNIT << 32)
#define SVM_TRUE (((svm_value)SVM_KIND_BOOL << 32) | 1u)
#define SVM_FALSE ((svm_value)SVM_KIND_BOOL << 32)

static inline svm_value svm_float(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return svm_make(SVM_KIND_FLOAT, bits);
}
static inline float svm_float_of(svm_value v)
{
    uint32_t bits = (uint32_t)v;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* Constructor field: 0 when v is not a constructor, else tag + 1. */
static inline uint32_t svm_ctor_field(svm_value v) { return (uint32_t)(v >> SVM_CTOR_SHIFT) & 0xffffu; }

/* Stable names for messages. */
const char *svm_kind_name(svm_value v);

#endif
