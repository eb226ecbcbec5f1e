/* Internal: widening and narrowing for the filter kernels in forms that cost one instruction on
 * ARM64 and lower to single SSE instructions through SIMDe on x86, where 64-bit NEON vectors are
 * emulated and every vget_low/vget_high pair costs shuffles. */
#ifndef VL_FILTER_NEON_H
#define VL_FILTER_NEON_H

#include "cpu/neon.h"

/* Bytes 0-7 and 8-15 zero-extended to 16 bits. */
static inline uint16x8_t vl_lo16(uint8x16_t v)
{
#ifdef SIMDE_VERSION
    return vreinterpretq_u16_u8(vzip1q_u8(v, vdupq_n_u8(0)));
#else
    return vmovl_u8(vget_low_u8(v));
#endif
}

static inline uint16x8_t vl_hi16(uint8x16_t v)
{
#ifdef SIMDE_VERSION
    return vreinterpretq_u16_u8(vzip2q_u8(v, vdupq_n_u8(0)));
#else
    return vmovl_high_u8(v);
#endif
}

/* a + b, bytes 0-7 and 8-15, widened. SIMDe lowers vpaddlq_u8 to one PMADDUBSW (by ones), so x86
 * interleaves the two and adds the pairs: two instructions where widening both and adding take three. */
static inline uint16x8_t vl_addl_lo(uint8x16_t a, uint8x16_t b)
{
#ifdef SIMDE_VERSION
    return vpaddlq_u8(vzip1q_u8(a, b));
#else
    return vaddl_u8(vget_low_u8(a), vget_low_u8(b));
#endif
}

static inline uint16x8_t vl_addl_hi(uint8x16_t a, uint8x16_t b)
{
#ifdef SIMDE_VERSION
    return vpaddlq_u8(vzip2q_u8(a, b));
#else
    return vaddl_high_u8(a, b);
#endif
}

/* acc + k v, bytes 0-7 and 8-15 of v widened, k <= 255: one UMLAL on ARM64. */
static inline uint16x8_t vl_mlal_lo(uint16x8_t acc, uint8x16_t v, uint8_t k)
{
#ifdef SIMDE_VERSION
    return vmlaq_n_u16(acc, vl_lo16(v), k);
#else
    return vmlal_u8(acc, vget_low_u8(v), vdup_n_u8(k));
#endif
}

static inline uint16x8_t vl_mlal_hi(uint16x8_t acc, uint8x16_t v, uint8_t k)
{
#ifdef SIMDE_VERSION
    return vmlaq_n_u16(acc, vl_hi16(v), k);
#else
    return vmlal_high_u8(acc, v, vdupq_n_u8(k));
#endif
}

static inline uint16x8_t vl_addw_lo(uint16x8_t acc, uint8x16_t v)
{
#ifdef SIMDE_VERSION
    return vaddq_u16(acc, vl_lo16(v));
#else
    return vaddw_u8(acc, vget_low_u8(v));
#endif
}

static inline uint16x8_t vl_addw_hi(uint16x8_t acc, uint8x16_t v)
{
#ifdef SIMDE_VERSION
    return vaddq_u16(acc, vl_hi16(v));
#else
    return vaddw_high_u8(acc, v);
#endif
}

/* u16 lanes 0-3 and 4-7 zero-extended to 32 bits. */
static inline uint32x4_t vl_lo32(uint16x8_t v) { return vreinterpretq_u32_u16(vzip1q_u16(v, vdupq_n_u16(0))); }
static inline uint32x4_t vl_hi32(uint16x8_t v) { return vreinterpretq_u32_u16(vzip2q_u16(v, vdupq_n_u16(0))); }

/* The low bytes of 16 u16 lanes (each <= 255): one UZP1. */
static inline uint8x16_t vl_narrow8(uint16x8_t a, uint16x8_t b)
{
    return vuzp1q_u8(vreinterpretq_u8_u16(a), vreinterpretq_u8_u16(b));
}

/* The low halves of 8 u32 lanes (each <= 65535). */
static inline uint16x8_t vl_narrow16(uint32x4_t a, uint32x4_t b)
{
    return vuzp1q_u16(vreinterpretq_u16_u32(a), vreinterpretq_u16_u32(b));
}

/* (v + 2^(n-1)) >> n, n = 1..8, for lanes where the sum cannot wrap (v <= 65535 - 2^(n-1)): one
 * URSHR on ARM64; an add and a shift through SIMDe, whose URSHR takes six. */
#ifdef SIMDE_VERSION
#define vl_rshr_u16(v, n) vshrq_n_u16(vaddq_u16((v), vdupq_n_u16(1u << ((n) - 1))), (n))
#else
#define vl_rshr_u16(v, n) vrshrq_n_u16((v), (n))
#endif

/* 16 bytes from sums kept in even/odd order: lane i of `even` is byte 2i, lane i of `odd` byte
 * 2i + 1, each (v + 2^(n-1)) >> n, n = 1..8, for sums whose result fits a byte (the sum cannot
 * wrap). ARM64 rounds both and inserts the odd bytes above the even ones (SLI); x86 keeps the odd
 * result in place with a mask instead of shifting it down and back up. */
#ifdef SIMDE_VERSION
#define vl_rshr_interleave8(even, odd, n)                                                               \
    vreinterpretq_u8_u16(vorrq_u16(                                                                    \
        vshrq_n_u16(vaddq_u16((even), vdupq_n_u16(1u << ((n) - 1))), (n)),                             \
        vandq_u16((n) == 8 ? vaddq_u16((odd), vdupq_n_u16(1u << ((n) - 1)))                            \
                           : vshlq_n_u16(vaddq_u16((odd), vdupq_n_u16(1u << ((n) - 1))), (n) < 8 ? 8 - (n) : 0), \
                  vdupq_n_u16(0xff00))))
#else
#define vl_rshr_interleave8(even, odd, n) \
    vreinterpretq_u8_u16(vsliq_n_u16(vrshrq_n_u16((even), (n)), vrshrq_n_u16((odd), (n)), 8))
#endif

#endif
