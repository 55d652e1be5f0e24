/* Text formatting without the C library's formatted output (svm_format.h).
 *
 * Floats: a binary32 is m * 2^e exactly, with m < 2^24 and -149 <= e <= 104.
 * That value is B * 10^-k for the integer B = m * 5^-e, k = -e when e < 0
 * (B = m * 2^e, k = 0 otherwise), and B has at most 112 decimal digits.
 * B is built exactly in base 10^8 (14 limbs of 32 bits, multiplying by 32
 * or 25 at a time), so its decimal digits are read off directly: the first
 * six significant ones, the seventh, and whether any after it is nonzero
 * are all it takes to round to 6 digits as the C library does (to nearest,
 * ties to even on the exact value).  No floating-point arithmetic at all,
 * and no division by a variable.
 */
#include "svm_format.h"

#include <string.h>

#define LIMB 100000000u /* 10^8 */
#define LIMBS 14u       /* 2^24 * 5^149 < 10^112 */

/* The digits of u (base 10, or 16 when hex), least significant first;
 * returns how many (at least 1). */
static uint32_t digits_of(char tmp[10], uint32_t u, int hex)
{
    uint32_t n = 0;
    do {
        uint32_t d = hex ? u & 15u : u % 10u;
        tmp[n++] = (char)(d < 10u ? '0' + d : 'a' - 10u + d);
        u = hex ? u >> 4 : u / 10u;
    } while (u);
    return n;
}

uint32_t svm_format_int(char *buf, int32_t v)
{
    char tmp[10];
    uint32_t len = 0;
    uint32_t n = digits_of(tmp, v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 0);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    return len;
}

uint32_t svm_format_float(char buf[SVM_FORMAT_FLOAT_SIZE], float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    char *p = buf;
    uint32_t m = bits & 0x7fffffu;
    uint32_t biased = (bits >> 23) & 0xffu;
    /* A NaN prints without its sign: which sign an operation gives it is
     * the FPU's (x86's default NaN is negative, ARM's positive), and the
     * same program prints the same on every target. */
    if ((bits >> 31) && !(biased == 0xffu && m))
        *p++ = '-';
    if (biased == 0xffu) {
        memcpy(p, m ? "nan" : "inf", 3);
        p += 3;
    } else if (biased == 0 && m == 0) {
        *p++ = '0';
    } else {
        int32_t e = -149;
        if (biased) {
            m |= 0x800000u;
            e = (int32_t)biased - 150;
        }
        while (e < 0 && !(m & 1u)) { /* fewer factors of 5 to multiply by */
            m >>= 1;
            e++;
        }
        /* B = m * 2^e (e >= 0) or m * 5^-e (e < 0), in base 10^8. */
        uint32_t limb[LIMBS], n = 1;
        uint32_t factor = e < 0 ? 5u : 2u;
        uint32_t left = e < 0 ? (uint32_t)-e : (uint32_t)e;
        limb[0] = m; /* < 2^24 < 10^8 */
        while (left) {
            uint32_t mul = 1; /* a power of factor, at most 42: limb * mul + carry < 2^32 */
            while (left && mul * factor <= 42u) {
                mul *= factor;
                left--;
            }
            uint32_t carry = 0;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t t = limb[i] * mul + carry;
                carry = t / LIMB;
                limb[i] = t - carry * LIMB;
            }
            if (carry)
                limb[n++] = carry;
        }
        /* Its first 7 significant digits, whether any later one is not 0,
         * and how many digits it has. */
        uint8_t d[7] = {0};
        uint32_t nd = 0, sticky = 0;
        while (n--) {
            uint32_t l = limb[n];
            for (uint32_t p10 = LIMB / 10u; p10; p10 /= 10u) {
                uint32_t dig = 0;
                while (l >= p10) {
                    l -= p10;
                    dig++;
                }
                if (nd == 0 && dig == 0)
                    continue; /* leading zero of the top limb */
                if (nd < 7)
                    d[nd] = (uint8_t)dig;
                else
                    sticky |= dig;
                nd++;
            }
        }
        /* The decimal exponent X of the value rounded to 6 digits. */
        int32_t x = (int32_t)nd - 1 - (e < 0 ? -e : 0);
        if (d[6] > 5 || (d[6] == 5 && (sticky || (d[5] & 1u)))) {
            int i = 5;
            while (i >= 0 && d[i] == 9)
                d[i--] = 0;
            if (i < 0) {
                d[0] = 1;
                x++;
            } else {
                d[i]++;
            }
        }
        uint32_t len = 6; /* significant digits, trailing zeros dropped */
        while (len > 1 && d[len - 1] == 0)
            len--;
        /* C's rule for %g with precision P = 6: the %f style when
         * P > X >= -4, with X + 1 digits before the point; %e otherwise. */
        int sci = x < -4 || x >= 6;
        int32_t ip = sci ? 0 : x; /* index of the last digit before the point */
        if (ip < 0) {
            *p++ = '0';
            *p++ = '.';
            for (int32_t z = ip; ++z < 0;)
                *p++ = '0';
        }
        for (int32_t i = 0; i < (int32_t)len || i <= ip; i++) {
            if (i == ip + 1 && ip >= 0)
                *p++ = '.';
            *p++ = (char)('0' + d[i]);
        }
        if (sci) {
            uint32_t ux = x < 0 ? (uint32_t)-x : (uint32_t)x; /* <= 45 */
            *p++ = 'e';
            *p++ = x < 0 ? '-' : '+';
            *p++ = (char)('0' + ux / 10u);
            *p++ = (char)('0' + ux % 10u);
        }
    }
    *p = '\0';
    return (uint32_t)(p - buf);
}

/* Where svm_vformat writes: at most size - 1 characters, then a NUL. */
typedef struct sink {
    char *buf;
    uint32_t size, len;
} sink;

static void put(sink *s, char c)
{
    if (s->len + 1u < s->size)
        s->buf[s->len++] = c;
}

uint32_t svm_vformat(char *buf, uint32_t size, const char *fmt, va_list ap)
{
    sink s = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%' || !fmt[1]) {
            put(&s, *fmt);
            continue;
        }
        char conv = *++fmt;
        uint32_t width = 0;
        if (conv == '0' && fmt[1] >= '1' && fmt[1] <= '9' && fmt[2]) {
            width = (uint32_t)(fmt[1] - '0');
            fmt += 2;
            conv = *fmt;
        }
        if (conv == 's') {
            for (const char *str = va_arg(ap, const char *); *str; str++)
                put(&s, *str);
        } else if (conv == 'u' || conv == 'd' || conv == 'x') {
            uint32_t u;
            if (conv == 'd') {
                int v = va_arg(ap, int);
                u = (uint32_t)v;
                if (v < 0) {
                    put(&s, '-');
                    u = 0u - u;
                    if (width)
                        width--;
                }
            } else {
                u = va_arg(ap, unsigned);
            }
            char tmp[10];
            uint32_t n = digits_of(tmp, u, conv == 'x');
            for (; width > n; width--)
                put(&s, '0');
            while (n)
                put(&s, tmp[--n]);
        } else {
            put(&s, conv); /* "%%", or a conversion this formatter lacks */
        }
    }
    if (size)
        buf[s.len] = '\0';
    return s.len;
}

uint32_t svm_format(char *buf, uint32_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    uint32_t n = svm_vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
