/* Small helpers shared inside the core: little-endian reads of code bytes,
 * and one-bit-per-cell bitmaps (the collector's and the printer's). */
#ifndef SVM_BITS_H
#define SVM_BITS_H

#include <stdint.h>

#include "svm_value.h"

static inline uint32_t svm_read_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }

static inline uint32_t svm_read_u32(const uint8_t *p) { return svm_read_u16(p) | (svm_read_u16(p + 2) << 16); }

static inline int svm_bit_get(const uint32_t *bm, uint32_t i) { return (int)((bm[i >> 5] >> (i & 31u)) & 1u); }
static inline void svm_bit_set(uint32_t *bm, uint32_t i) { bm[i >> 5] |= 1u << (i & 31u); }
static inline void svm_bit_clear(uint32_t *bm, uint32_t i) { bm[i >> 5] &= ~(1u << (i & 31u)); }
static inline void svm_bit_put(uint32_t *bm, uint32_t i, int on)
{
    if (on)
        svm_bit_set(bm, i);
    else
        svm_bit_clear(bm, i);
}

/* The cell index of a pointer value: pointer reversal borrows it. */
#define SVM_INDEX_MASK ((svm_value)0xffffffffu)

#endif
