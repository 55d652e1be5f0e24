/* Text formatting without the C library's formatted output.
 *
 * An MCU has no room for the libc formatting family, malloc or software
 * double: printing values and writing fault and reject messages use these
 * instead.  Integer arithmetic only (32-bit, no 64-bit division), no
 * recursion, no allocation.
 */
#ifndef SVM_FORMAT_H
#define SVM_FORMAT_H

#include <stdarg.h>
#include <stdint.h>

/* Room for any float in %g form, with its terminating NUL
 * ("-1.17549e-38" is the longest shape: 12 characters). */
#define SVM_FORMAT_FLOAT_SIZE 16

/* Writes f exactly as C's "%g" writes (double)f: 6 significant digits,
 * correctly rounded (ties to even on the exact decimal value), the shorter
 * of the %e and %f styles by C's rule, trailing zeros dropped, an exponent
 * of at least two digits; "inf", "-inf", "nan", "-nan" (a NaN keeps its
 * sign), "-0".  buf gets a NUL; returns the length. */
uint32_t svm_format_float(char buf[SVM_FORMAT_FLOAT_SIZE], float f);

/* Writes v in decimal into buf (at least 12 bytes), no NUL; returns the length. */
uint32_t svm_format_int(char *buf, int32_t v);

/* A small formatter for messages: fmt is copied to buf with these
 * conversions, each taking the argument of the type named:
 *   %s  const char *        %d  int
 *   %u  unsigned            %x  unsigned, in lower-case hexadecimal
 * and %% for '%'.  %u, %d and %x take a zero flag and a one-digit width
 * ("%02x", "%08x").  Like the standard's bounded formatting, the result
 * is cut to size - 1 characters and ends with a NUL (when size > 0).
 * Returns the number of characters written, not counting the NUL.
 * Pass exactly these types: cast at the call site ((unsigned)pc). */
uint32_t svm_format(char *buf, uint32_t size, const char *fmt, ...);
uint32_t svm_vformat(char *buf, uint32_t size, const char *fmt, va_list ap);

#endif
