/* Forced into a second compilation of the core files that write messages
 * (tests/CMakeLists.txt, target svm_format_check): it gives svm_format and
 * the loader's reject the compiler's format attribute, so -Wformat checks
 * every message's arguments against its conversions, which svm_format's
 * subset of the standard's shares.  The core itself names no libc
 * formatting (docs/architecture.md). */
#include <stdint.h>

uint32_t svm_format(char *buf, uint32_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#ifdef SVM_FORMAT_CHECK_REJECT /* core/svm_loader.c */
struct verdict;
static int reject(struct verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
