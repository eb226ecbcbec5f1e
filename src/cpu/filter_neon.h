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

/* a + b, bytes 0-7 and 8-15, widened. */
static inline uint16x8_t vl_addl_lo(uint8x16_t a, uint8x16_t b)
{
#ifdef SIMDE_VERSION
    return vaddq_u16(vl_lo16(a), vl_lo16(b));
#else
    return vaddl_u8(vget_low_u8(a), vget_low_u8(b));
#endif
}

static inline uint16x8_t vl_addl_hi(uint8x16_t a, uint8x16_t b)
{
#ifdef SIMDE_VERSION
    return vaddq_u16(vl_hi16(a), vl_hi16(b));
#else
    return vaddl_high_u8(a, b);
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

#endif
