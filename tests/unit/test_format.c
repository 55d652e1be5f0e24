/* core/svm_format.c against the host C library.
 *
 * svm_format_float must write exactly what glibc's "%g" writes for the
 * float converted to double (but a NaN is "nan" whatever its sign bit,
 * which glibc shows), for every float: here for the special values,
 * every power of two and of ten in range with their neighbours, the
 * rounding boundaries (x.xxxxx5 in every decade, the 1e-5/1e-4 and the
 * 1e6 switches between the %e and %f styles), whole ranges of consecutive
 * floats around those switches, and N pseudo-random bit patterns
 * (argv[1], default 4000000; "all" compares every float, which takes an
 * hour or more, and "all LO HI" those with bit patterns LO..HI, in hex).
 * svm_format (messages) is compared with the library's bounded formatting
 * for each conversion it has, cut at every size.
 *
 * Prints the first mismatches and the number of floats compared; exit
 * status 1 on any mismatch.
 */
#include "svm_format.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long compared, failures;

static float from_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static uint32_t to_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static void check_bits(uint32_t b)
{
    float f = from_bits(b);
    char want[64], got[SVM_FORMAT_FLOAT_SIZE + 8];
    memset(got, 'X', sizeof got);
    snprintf(want, sizeof want, "%g", (double)f);
    if (isnan(f)) /* printed without its sign, the same on every target (svm_format.c) */
        strcpy(want, "nan");
    uint32_t n = svm_format_float(got, f);
    compared++;
    if (n >= SVM_FORMAT_FLOAT_SIZE || strcmp(want, got) != 0 || n != strlen(want)) {
        if (failures++ < 20)
            fprintf(stderr, "float 0x%08x: want \"%s\", got \"%.*s\" (length %u)\n", (unsigned)b, want,
                    SVM_FORMAT_FLOAT_SIZE, got, (unsigned)n);
    }
}

/* f and its neighbours, n ulps either side, both signs. */
static void check_around(float f, int n)
{
    uint32_t b = to_bits(f) & 0x7fffffffu;
    for (int d = -n; d <= n; d++) {
        int64_t c = (int64_t)b + d;
        if (c < 0 || c > 0x7f800000)
            continue;
        check_bits((uint32_t)c);
        check_bits((uint32_t)c | 0x80000000u);
    }
}

/* Every float with magnitude between lo and hi, both signs. */
static void check_range(float lo, float hi)
{
    for (uint32_t b = to_bits(lo); b <= to_bits(hi); b++) {
        check_bits(b);
        check_bits(b | 0x80000000u);
    }
}

static void check_floats(unsigned long long random_count, int all, uint32_t lo, uint32_t hi)
{
    /* Special values: zeros, infinities, NaNs (quiet and signalling,
     * payloads, both signs), the extremes of the subnormals and normals. */
    static const uint32_t special[] = {0x00000000u, 0x7f800000u, 0x7fc00000u, 0x7f800001u, 0x7fbfffffu,
                                       0x7fffffffu, 0x7fc00001u, 0x00000001u, 0x00000002u, 0x007fffffu,
                                       0x00800000u, 0x7f7fffffu, 0x3f800000u, 0x3effffffu};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        check_bits(special[i]);
        check_bits(special[i] | 0x80000000u);
    }
    check_around(FLT_MIN, 4);
    check_around(FLT_MAX, 4);
    check_around(FLT_TRUE_MIN, 4);
    /* Every power of two, with neighbours. */
    for (int e = -149; e <= 127; e++)
        check_around(ldexpf(1.0f, e), 3);
    /* Every power of ten in range, and around it the boundaries of rounding
     * to 6 digits: 1.000005, 9.999995, x.xxxxx5 and 9.5 times it. */
    static const char *const mantissas[] = {"1",       "1.000005", "1.0000050001", "9.999995", "9.9999949999",
                                            "9.99999", "9.5",      "1.234565",     "1.234575", "5.000005",
                                            "2.5",     "1.5",      "4.999995",     "9.999994", "9.999996"};
    for (int x = -46; x <= 39; x++) {
        for (size_t i = 0; i < sizeof mantissas / sizeof mantissas[0]; i++) {
            char text[48];
            snprintf(text, sizeof text, "%se%d", mantissas[i], x);
            float f = strtof(text, NULL);
            if (isfinite(f))
                check_around(f, 8);
        }
    }
    /* The switches between styles: every float near 1e-5, 1e-4 and 1e6. */
    check_range(0.00000999990f, 0.0000100001f);
    check_range(0.0000999990f, 0.000100001f);
    check_range(999990.0f, 1000010.0f);
    check_range(99999.0f, 100001.0f);
    /* All floats that are integers of 7 digits ending in 5 near the tie
     * boundaries, and halves: 1000000.5 ... */
    check_range(1234560.0f, 1234580.0f);
    if (all) {
        for (uint32_t b = lo;; b++) {
            check_bits(b);
            if ((b & 0x0fffffffu) == 0x0fffffffu)
                fprintf(stderr, "test_format: all floats up to 0x%08x compared, %llu mismatches\n", (unsigned)b,
                        failures);
            if (b == hi)
                break;
        }
        return;
    }
    /* Random bit patterns (xorshift64*, fixed seed: a failure repeats). */
    uint64_t s = 0x9e3779b97f4a7c15u;
    for (unsigned long long i = 0; i < random_count; i++) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        check_bits((uint32_t)((s * 0x2545f4914f6cdd1du) >> 32));
    }
}

static unsigned long long message_checks;

#define CHECK_MESSAGE(...)                                                                                             \
    do {                                                                                                               \
        char want_[64], got_[64];                                                                                      \
        for (uint32_t size_ = 0; size_ <= sizeof got_; size_++) {                                                      \
            memset(want_, 'X', sizeof want_);                                                                          \
            memset(got_, 'X', sizeof got_);                                                                            \
            int w_ = snprintf(want_, size_, __VA_ARGS__);                                                              \
            uint32_t g_ = svm_format(got_, size_, __VA_ARGS__);                                                        \
            uint32_t expect_len_ = size_ == 0 ? 0 : ((uint32_t)w_ < size_ ? (uint32_t)w_ : size_ - 1);                 \
            message_checks++;                                                                                          \
            if (g_ != expect_len_ || memcmp(want_, got_, sizeof got_) != 0) {                                          \
                if (failures++ < 20)                                                                                   \
                    fprintf(stderr, "message %s, size %u: want \"%.*s\", got \"%.*s\"\n", #__VA_ARGS__,                \
                            (unsigned)size_, (int)expect_len_, want_, (int)g_, got_);                                  \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)

static void check_messages(void)
{
    CHECK_MESSAGE("image rejected: ");
    CHECK_MESSAGE("illegal opcode 0x%02x at pc %u", 0xabu, 65535u);
    CHECK_MESSAGE("illegal opcode 0x%02x at pc %u", 0x5u, 0u);
    CHECK_MESSAGE("mask 0x%08x", 0xdeadbeefu);
    CHECK_MESSAGE("mask 0x%08x", 0x10u);
    CHECK_MESSAGE("entry %d, %d, %d, %d", 0, -1, 2147483647, (int)INT32_MIN);
    CHECK_MESSAGE("%u %u %x", 4294967295u, 0u, 4294967295u);
    CHECK_MESSAGE("'%s' at pc %u: tag %u is out of range 0..%u", "pack", 12u, 65535u, 65534u);
    CHECK_MESSAGE("%s; restart %u of %u", "fault at pc 26: division by zero", 1u, 3u);
    CHECK_MESSAGE("%s", "");
    CHECK_MESSAGE("100%% %s%s", "a", "bc");
    CHECK_MESSAGE("%05d|%02d|%03u", -42, 7, 1234u);
}

static void check_ints(void)
{
    static const int32_t values[] = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, 2147483647, INT32_MIN, -2147483647};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char want[16], got[16] = {0};
        snprintf(want, sizeof want, "%d", (int)values[i]);
        uint32_t n = svm_format_int(got, values[i]);
        message_checks++;
        if (n != strlen(want) || memcmp(want, got, n) != 0) {
            if (failures++ < 20)
                fprintf(stderr, "int %d: want \"%s\", got \"%.*s\"\n", (int)values[i], want, (int)n, got);
        }
    }
}

int main(int argc, char **argv)
{
    int all = argc > 1 && strcmp(argv[1], "all") == 0;
    unsigned long long count = argc > 1 && !all ? strtoull(argv[1], NULL, 10) : 4000000u;
    uint32_t lo = all && argc > 3 ? (uint32_t)strtoul(argv[2], NULL, 16) : 0u;
    uint32_t hi = all && argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 16) : 0xffffffffu;
    check_messages();
    check_ints();
    check_floats(count, all, lo, hi);
    printf("test_format: %llu floats and %llu messages compared with the C library, %llu mismatches\n", compared,
           message_checks, failures);
    return failures ? 1 : 0;
}
