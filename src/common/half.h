/* Internal: IEEE binary16 <-> binary32 in plain C, rounding to nearest even; the reference for the
 * NEON (vcvt_f16_f32) and CUDA (__float2half_rn) conversions. */
#ifndef VL_HALF_H
#define VL_HALF_H

#include <stdint.h>
#include <string.h>

static inline uint16_t vl_f32_to_f16(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint32_t sign = (x >> 16) & 0x8000u, a = x & 0x7fffffffu;
    if (a >= 0x7f800000u)  /* Inf, or NaN kept quiet with its top payload bits */
        return (uint16_t)(sign | 0x7c00u | (a > 0x7f800000u ? 0x200u | ((a >> 13) & 0x3ffu) : 0));
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u);  /* rounds past 65504 */
    uint32_t q, rem, half;
    if (a < 0x38800000u) {  /* below 2^-14: a subnormal half, round(|f| * 2^24) */
        if (a <= 0x33000000u) return (uint16_t)sign;  /* at most 2^-25: ties to even zero */
        uint32_t e = a >> 23, m = (a & 0x7fffffu) | 0x800000u, shift = 126 - e;
        q = m >> shift;
        rem = m & ((1u << shift) - 1);
        half = 1u << (shift - 1);
    } else {
        uint32_t r = a - 0x38000000u;  /* exponent bias 127 -> 15 */
        q = r >> 13;
        rem = r & 0x1fffu;
        half = 0x1000u;
    }
    if (rem > half || (rem == half && (q & 1))) q++;  /* a carry into the exponent is right */
    return (uint16_t)(sign | q);
}

static inline float vl_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu, x;
    if (e == 0) {
        float f = (float)m * 5.9604644775390625e-8f;  /* m * 2^-24, exact */
        return sign ? -f : f;
    }
    x = e == 31 ? sign | 0x7f800000u | (m << 13) : sign | ((e + 112) << 23) | (m << 13);
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

#endif
