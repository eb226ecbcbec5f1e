/* Internal: NEON sampling of 8 destination pixels at a time, shared by remap_neon.c and
 * warp_perspective_neon.c (arm_neon.h on ARM64, SIMDe on x86, with a few SSE4 instructions that
 * NEON lacks in small helpers: see VL_X86).
 *
 * The pixels' footprints are known to lie inside the source (the callers check; edges go through
 * the reference sampler). Their taps are addressed by byte offsets from the plane's origin, 32-bit
 * (callers keep planes over 2 GB on the reference), gathered lane by lane (NEON has no gather) and
 * interpolated as vectors. Results are byte-identical with remap_ref.c: 8-bit LINEAR uses OpenCV's
 * 15-bit weights w = (32 - fx)(32 - fy) 32, ... in an exact separable form (blend_u8, and for 4
 * channels linear_u8c4's equal one; OpenCV's one odd entry, {32767, 0, 0, 1} at fx = fy = 0, gives
 * p00 there too), float LINEAR multiplies and adds in OpenCV's order, never fused; 8-bit CUBIC
 * sums OpenCV's 15-bit weights in integers, a pixel's 4x4 footprint as vectors. */
#ifndef VL_SAMPLE_NEON_H
#define VL_SAMPLE_NEON_H

#include <stdbool.h>
#include <string.h>

#include "common/remap.h"
#include "cpu/neon.h"

#define VL_INLINE static inline __attribute__((always_inline))

/* A few operations whose plain NEON form SIMDe turns into long sequences on x86 get a second
 * form there, equal in value: on ARM64 each stays the one instruction it is, and the x86 form is
 * what SSE4 does well (SIMDe's vminvq_u32 is a scalar loop where vminvq_u16 is one PHMINPOSUW;
 * SSE compares only signed; SIMDe's vrshrn_n_u16 takes nine instructions; vld2q_s16 goes
 * through memory). */
VL_INLINE bool all_true(uint16x8_t m) { return vminvq_u16(m) == 0xffff; }

VL_INLINE bool all_true32(uint32x4_t m)
{
#if defined(__aarch64__)
    return vminvq_u32(m) == 0xffffffffu;
#else
    return all_true(vreinterpretq_u16_u32(m));
#endif
}

/* a < b, unsigned, for a bound made by lt_u16_bound (x86: b ^ 0x8000, compared signed). */
VL_INLINE uint16x8_t lt_u16_bound(uint16_t b)
{
#if defined(__aarch64__)
    return vdupq_n_u16(b);
#else
    return vdupq_n_u16((uint16_t)(b ^ 0x8000u));
#endif
}

VL_INLINE uint16x8_t lt_u16(uint16x8_t a, uint16x8_t bound)
{
#if defined(__aarch64__)
    return vcltq_u16(a, bound);
#else
    const int16x8_t sign = vdupq_n_s16(INT16_MIN);
    return vcltq_s16(veorq_s16(vreinterpretq_s16_u16(a), sign), vreinterpretq_s16_u16(bound));
#endif
}

VL_INLINE uint32x4_t lt_u32_bound(uint32_t b)
{
#if defined(__aarch64__)
    return vdupq_n_u32(b);
#else
    return vdupq_n_u32(b ^ 0x80000000u);
#endif
}

VL_INLINE uint32x4_t lt_u32(uint32x4_t a, uint32x4_t bound)
{
#if defined(__aarch64__)
    return vcltq_u32(a, bound);
#else
    const int32x4_t sign = vdupq_n_s32(INT32_MIN);
    return vcltq_s32(veorq_s32(vreinterpretq_s32_u32(a), sign), vreinterpretq_s32_u32(bound));
#endif
}

/* (a + 16) >> 5 narrowed to 8 bits, for a + 16 < 2^16 and a result below 256. */
VL_INLINE uint8x8_t rshrn5_u16(uint16x8_t a)
{
#if defined(__aarch64__)
    return vrshrn_n_u16(a, 5);
#else
    return vmovn_u16(vshrq_n_u16(vaddq_u16(a, vdupq_n_u16(16)), 5));
#endif
}

/* The entries of 8 pixels, xy[0..15] (sx, sy pairs), as sx and sy. */
VL_INLINE int16x8x2_t load_xy8(const int16_t *xy)
{
#if defined(__aarch64__)
    return vld2q_s16(xy);
#else
    int16x8_t v0 = vld1q_s16(xy), v1 = vld1q_s16(xy + 8);
    return (int16x8x2_t){ { vuzp1q_s16(v0, v1), vuzp2q_s16(v0, v1) } };
#endif
}

/* Byte offsets of 8 pixels (sx, sy) from the plane's origin, as two vectors of 4. The caller has
 * checked that the plane is small enough for 32-bit offsets. */
VL_INLINE int32x4_t widen_lo_s16(int16x8_t v)
{
#if defined(__aarch64__)
    return vmovl_s16(vget_low_s16(v));
#else
    /* SIMDe widens a 64-bit half in four SSE instructions; a zip and an arithmetic shift are two. */
    return vshrq_n_s32(vreinterpretq_s32_s16(vzip1q_s16(v, v)), 16);
#endif
}

VL_INLINE int32x4_t widen_hi_s16(int16x8_t v)
{
#if defined(__aarch64__)
    return vmovl_high_s16(v);
#else
    return vshrq_n_s32(vreinterpretq_s32_s16(vzip2q_s16(v, v)), 16);
#endif
}

VL_INLINE void offsets8(int16x8_t sx, int16x8_t sy, int32_t pitch, int bpp, int32x4_t *lo, int32x4_t *hi)
{
    int32x4_t xl = widen_lo_s16(sx), xh = widen_hi_s16(sx);
    if (bpp > 1) {
        xl = vmulq_n_s32(xl, bpp);
        xh = vmulq_n_s32(xh, bpp);
    }
    *lo = vmlaq_n_s32(xl, widen_lo_s16(sy), pitch);
    *hi = vmlaq_n_s32(xh, widen_hi_s16(sy), pitch);
}

/* x86 with SSE4 gets a few SSE instructions that NEON lacks (PMADDWD, PMADDUBSW, PMULHW) in the
 * helpers below; the ARM64 side of each is plain NEON. */
#if !defined(__aarch64__) && defined(__SSE4_1__)
#define VL_X86 1
#include <immintrin.h>
#else
#define VL_X86 0
#endif

/* LINEAR entries of 8 pixels read as the table holds them, (sx, sy) pairs, without separating
 * sx and sy: x86 only (ARM64's LD2 separates them for free). All footprints are inside when
 * every sx < w - 1 and sy < h - 1 (unsigned), that is when no saturating difference of `bound`
 * ((w - 1, h - 1) pairs) and an entry is 0. */
VL_INLINE uint16x8_t pairs_bound(int32_t w, int32_t h)
{
    return vreinterpretq_u16_u32(vdupq_n_u32((uint32_t)(uint16_t)(w - 1) | (uint32_t)(uint16_t)(h - 1) << 16));
}

VL_INLINE bool inside_pairs(uint16x8_t v0, uint16x8_t v1, uint16x8_t bound)
{
    return vminvq_u16(vminq_u16(vqsubq_u16(bound, v0), vqsubq_u16(bound, v1))) != 0;
}

VL_INLINE bool inside_pairs8(const int16_t *xy, uint16x8_t bound)
{
    return inside_pairs(vld1q_u16((const uint16_t *)xy), vld1q_u16((const uint16_t *)xy + 8), bound);
}

/* Their byte offsets sx bpp + sy pitch, for a pitch below 2^15: one PMADDWD per 4 pixels. */
VL_INLINE int32x4_t offsets_pairs(int16x8_t v, int bpp, int32_t pitch)
{
#if VL_X86
    const __m128i k = _mm_set1_epi32((int32_t)((uint32_t)bpp | (uint32_t)pitch << 16));
    return simde_int32x4_from_m128i(_mm_madd_epi16(simde_int16x8_to_m128i(v), k));
#else
    int32x4_t xy = vreinterpretq_s32_s16(v);
    int32x4_t sx = vshrq_n_s32(vshlq_n_s32(xy, 16), 16), sy = vshrq_n_s32(xy, 16);
    return vmlaq_n_s32(vmulq_n_s32(sx, bpp), sy, pitch);
#endif
}

VL_INLINE void offsets_pairs8(const int16_t *xy, int bpp, int32_t pitch, int32x4_t *lo, int32x4_t *hi)
{
    *lo = offsets_pairs(vld1q_s16(xy), bpp, pitch);
    *hi = offsets_pairs(vld1q_s16(xy + 8), bpp, pitch);
}

/* The pairs of 8 points X, Y (in 1/32 pixel): (X >> 5, Y >> 5) saturated to 16 bits, which
 * keeps the inside test exact. */
VL_INLINE void pairs_of_points(const int32x4_t X[2], const int32x4_t Y[2], uint16x8_t P[2])
{
#if VL_X86
    /* SIMDe narrows each half apart; PACKSSDW narrows both. */
    __m128i sx = _mm_packs_epi32(_mm_srai_epi32(simde_int32x4_to_m128i(X[0]), VL_INTER_BITS),
                                 _mm_srai_epi32(simde_int32x4_to_m128i(X[1]), VL_INTER_BITS));
    __m128i sy = _mm_packs_epi32(_mm_srai_epi32(simde_int32x4_to_m128i(Y[0]), VL_INTER_BITS),
                                 _mm_srai_epi32(simde_int32x4_to_m128i(Y[1]), VL_INTER_BITS));
    P[0] = simde_uint16x8_from_m128i(_mm_unpacklo_epi16(sx, sy));
    P[1] = simde_uint16x8_from_m128i(_mm_unpackhi_epi16(sx, sy));
#else
    int16x8_t sx = vqshrn_high_n_s32(vqshrn_n_s32(X[0], VL_INTER_BITS), X[1], VL_INTER_BITS);
    int16x8_t sy = vqshrn_high_n_s32(vqshrn_n_s32(Y[0], VL_INTER_BITS), Y[1], VL_INTER_BITS);
    P[0] = vreinterpretq_u16_s16(vzip1q_s16(sx, sy));
    P[1] = vreinterpretq_u16_s16(vzip2q_s16(sx, sy));
#endif
}

/* x86: the gathers of a remap or warp wait on memory, the hardware prefetchers not following the
 * taps' path through the source (two rows at a time, drifting across them). Prefetching both rows'
 * lines for the pixel VL_AHEAD pixels ahead, once per VL_AHEAD_EVERY bytes of destination pixels,
 * took 1080p RGBA8 remap on two threads, images out of cache, from 4.1 to 2.9 ms (medians; best
 * runs 3.1 to 1.8 ms) on a 2-core Zen 3 VM.
 * ARM64 is left to its own prefetchers: unmeasured there, and the instructions would count. The
 * address is only a hint, so an entry outside the source does no harm (integer arithmetic: no
 * out-of-bounds pointer is formed). */
#define VL_AHEAD 128
#define VL_AHEAD_EVERY 64  /* bytes of destination pixels between prefetches: a line's worth */

VL_INLINE void prefetch_taps(const uint8_t *p, int32_t pitch, int64_t off)
{
#if VL_X86
    uintptr_t a = (uintptr_t)p + (uintptr_t)off;
    _mm_prefetch((const char *)a, _MM_HINT_T0);
    _mm_prefetch((const char *)(a + (uintptr_t)(intptr_t)pitch), _MM_HINT_T0);
#else
    (void)p, (void)pitch, (void)off;
#endif
}

/* The taps of entry e of a table row (x1 entries), if there is one. */
VL_INLINE void prefetch_entry(const uint8_t *p, int32_t pitch, int bpp, const int16_t *xy, int32_t e, int32_t x1)
{
#if VL_X86
    if (e < x1) prefetch_taps(p, pitch, (int64_t)xy[2 * e] * bpp + (int64_t)xy[2 * e + 1] * pitch);
#else
    (void)p, (void)pitch, (void)bpp, (void)xy, (void)e, (void)x1;
#endif
}

/* Gathers: element i of the result from p + off[i] (2, 4 or 8 bytes), through memcpy so that no
 * unaligned pointer is dereferenced. The offsets of footprints inside the plane are never
 * negative: on x86 they are read as unsigned, which needs no sign extension (OFF). */
#if defined(__aarch64__)
typedef int32_t vl_off;
#define OFF(v, lane) vgetq_lane_s32((v), (lane))
#else
typedef size_t vl_off;
#define OFF(v, lane) ((size_t)vgetq_lane_u32(vreinterpretq_u32_s32(v), (lane)))
#endif
#define GATHER(bits, T, v, lane, p)                          \
    do {                                                     \
        T t_;                                                \
        memcpy(&t_, (p), sizeof t_);                         \
        (v) = vsetq_lane_u##bits(t_, (v), (lane));           \
    } while (0)

VL_INLINE uint16x8_t gather16x8(const uint8_t *p, int32x4_t lo, int32x4_t hi)
{
    uint16x8_t v = vdupq_n_u16(0);
    GATHER(16, uint16_t, v, 0, p + OFF(lo, 0));
    GATHER(16, uint16_t, v, 1, p + OFF(lo, 1));
    GATHER(16, uint16_t, v, 2, p + OFF(lo, 2));
    GATHER(16, uint16_t, v, 3, p + OFF(lo, 3));
    GATHER(16, uint16_t, v, 4, p + OFF(hi, 0));
    GATHER(16, uint16_t, v, 5, p + OFF(hi, 1));
    GATHER(16, uint16_t, v, 6, p + OFF(hi, 2));
    GATHER(16, uint16_t, v, 7, p + OFF(hi, 3));
    return v;
}

VL_INLINE uint32x4_t gather32x4(const uint8_t *p, int32x4_t off)
{
    uint32x4_t v = vdupq_n_u32(0);
    GATHER(32, uint32_t, v, 0, p + OFF(off, 0));
    GATHER(32, uint32_t, v, 1, p + OFF(off, 1));
    GATHER(32, uint32_t, v, 2, p + OFF(off, 2));
    GATHER(32, uint32_t, v, 3, p + OFF(off, 3));
    return v;
}

/* Two pixels' 8-byte runs, from p + o0 and p + o1. */
VL_INLINE uint64x2_t gather64x2(const uint8_t *p, vl_off o0, vl_off o1)
{
    uint64x2_t v = vdupq_n_u64(0);
    GATHER(64, uint64_t, v, 0, p + o0);
    GATHER(64, uint64_t, v, 1, p + o1);
    return v;
}

/* The weights of 8 pixels, in 16-bit lanes: fx, 32 - fx, fy. */
typedef struct frac8 {
    uint16x8_t fx, wx0, fy;
} frac8;

VL_INLINE frac8 fractions(uint16x8_t a)
{
    const uint16x8_t mask = vdupq_n_u16(VL_INTER_SIZE - 1), full = vdupq_n_u16(VL_INTER_SIZE);
    frac8 f;
    f.fx = vandq_u16(a, mask);
    f.fy = vandq_u16(vshrq_n_u16(a, VL_INTER_BITS), mask);
    f.wx0 = vsubq_u16(full, f.fx);
    return f;
}

/* One channel of 8 pixels from its tap pairs, 16-bit lanes holding the left tap in the low byte
 * and the right one in the high byte (little-endian loads of two adjacent pixels), for the top
 * and the bottom row. Everything stays in 16 bits:
 *   h = left (32 - fx) + right fx <= 8160 for each row; the 15-bit sum is 32 S with
 *   S = h0 (32 - fy) + h1 fy = 32 h0 + fy d, d = h1 - h0, and (32 S + 2^14) >> 15 = (S + 2^9) >> 10.
 *   With fy d = 32 q + m (0 <= m < 32), S + 2^9 = 32 (h0 + q + 16) + m, so the result is
 *   (h0 + q + 16) >> 5 exactly. q = floor(fy d / 32) = fy dh + ((fy dl) >> 5) for dh = d >> 5
 *   (arithmetic) and dl = d & 31: fy dh fits in 16 bits (|dh| <= 255) and fy dl <= 961, and
 *   h0 + q is a weighted mean of h0 and h1 rounded down, so it lies in [0, 8160]; the partial
 *   sum h0 + fy dh may dip below 0, which the wrapping 16-bit lanes carry exactly. */
VL_INLINE uint16x8_t blend_sum(uint16x8_t top, uint16x8_t bottom, const frac8 *f)
{
    const uint16x8_t low8 = vdupq_n_u16(0xff), low5 = vdupq_n_u16(31);
    uint16x8_t h0 = vmlaq_u16(vmulq_u16(vandq_u16(top, low8), f->wx0), vshrq_n_u16(top, 8), f->fx);
    uint16x8_t h1 = vmlaq_u16(vmulq_u16(vandq_u16(bottom, low8), f->wx0), vshrq_n_u16(bottom, 8), f->fx);
    uint16x8_t d = vsubq_u16(h1, h0);
    uint16x8_t dh = vreinterpretq_u16_s16(vshrq_n_s16(vreinterpretq_s16_u16(d), 5));
    uint16x8_t t = vmlaq_u16(h0, dh, f->fy);
    return vsraq_n_u16(t, vmulq_u16(vandq_u16(d, low5), f->fy), 5);  /* h0 + q */
}

VL_INLINE uint8x8_t blend_u8(uint16x8_t top, uint16x8_t bottom, const frac8 *f)
{
    return rshrn5_u16(blend_sum(top, bottom, f));
}

/* ---- 8-bit LINEAR, 1, 2 and 4 channels ------------------------------------------------------ */

VL_INLINE void linear_u8c1(const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi, const frac8 *f, uint8_t *d)
{
    uint16x8_t top = gather16x8(p, lo, hi), bottom = gather16x8(p + pitch, lo, hi);
    vst1_u8(d, blend_u8(top, bottom, f));
}

/* The tap pairs of 8 pixels of `bytes` = 2 x channels bytes each, split by channel into 16-bit
 * tap pairs as blend_u8 takes them: rows of 8 bytes pixel after pixel (2 channels: 4 bytes) are
 * deinterleaved byte-wise, like vld4/vld2 would from memory. */
VL_INLINE void taps_u8c2(const uint8_t *q, int32x4_t lo, int32x4_t hi, uint16x8_t out[2])
{
    /* Each 32-bit lane is U0 V0 U1 V1 of one pixel: even bytes U, odd bytes V. */
    uint8x16_t t0 = vreinterpretq_u8_u32(gather32x4(q, lo)), t1 = vreinterpretq_u8_u32(gather32x4(q, hi));
    out[0] = vreinterpretq_u16_u8(vuzp1q_u8(t0, t1));  /* U0 U1 of each pixel */
    out[1] = vreinterpretq_u16_u8(vuzp2q_u8(t0, t1));
}

/* An interleaved store of 8 pixels' 2 channels. ARM64 has it as a single instruction; SIMDe on x86
 * makes vst2_u8 a byte loop, so there the channels are zipped instead. */
VL_INLINE void store_c2(uint8_t *d, uint8x8_t c0, uint8x8_t c1)
{
#if defined(__aarch64__)
    vst2_u8(d, (uint8x8x2_t){ { c0, c1 } });
#else
    vst1q_u8(d, vcombine_u8(vzip1_u8(c0, c1), vzip2_u8(c0, c1)));
#endif
}

/* 2 channels (NV12's interleaved U and V). */
VL_INLINE void linear_u8c2(const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi, const frac8 *f, uint8_t *d)
{
    uint16x8_t top[2], bottom[2];
    taps_u8c2(p, lo, hi, top);
    taps_u8c2(p + pitch, lo, hi, bottom);
    store_c2(d, blend_u8(top[0], bottom[0], f), blend_u8(top[1], bottom[1], f));
}

/* 4 channels, each pixel's channels kept together: they share the pixel's weights, so a tap pair
 * (8 bytes: R0 G0 B0 A0 R1 G1 B1 A1) is weighted as it was loaded, and no transpose into channel
 * planes and back is needed. A row's h = left (32 - fx) + right fx lands in 16-bit lanes, pixel
 * 2k's R G B A then pixel 2k + 1's in vector k, with the pixel's weights repeated in 4 lanes (or
 * bytes); the vertical step is blend_sum's, h0 + q with q = floor(fy d / 32) taken in one high
 * multiply: (2 d (fy << 10)) >> 16, exact for |d| <= 8160 (SQDMULH does not saturate there).
 *
 * ARM64 forms the horizontal sums with widening byte multiplies of 4 pixels' left and right taps
 * (UZP of the tap pairs' 32-bit halves); x86 (SSSE3) has PMADDUBSW, which multiplies bytes and adds
 * neighbours: one shuffle puts each channel's left and right taps side by side, and the weights
 * are (32 - fx, fx) byte pairs. SIMDe has no short form of SQDMULH; x86's PMULHW of 2 d is it. */
typedef struct c4_weights {
#if VL_X86
    uint8x16_t wx[4];         /* pixels 2k, 2k + 1: (32 - fx, fx) byte pairs, 4 of each */
#else
    uint8x16_t w0[2], w1[2];  /* pixels 4j .. 4j + 3: 32 - fx, and fx, each in 4 bytes */
#endif
    int16x8_t fy[4];          /* pixels 2k, 2k + 1: fy << 10, each in 4 lanes */
} c4_weights;

/* Byte indices repeating 16-bit lane 2k four times, then lane 2k + 1 (for k = 0..3). */
static const uint8_t vl_c4_lane_pairs[4][16] = {
    { 0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2, 3 },
    { 4, 5, 4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7 },
    { 8, 9, 8, 9, 8, 9, 8, 9, 10, 11, 10, 11, 10, 11, 10, 11 },
    { 12, 13, 12, 13, 12, 13, 12, 13, 14, 15, 14, 15, 14, 15, 14, 15 },
};

VL_INLINE void c4_weights_of(const frac8 *f, c4_weights *w)
{
    uint8x16_t fy = vreinterpretq_u8_u16(vshlq_n_u16(f->fy, 10));
#if VL_X86
    uint8x16_t pair = vreinterpretq_u8_u16(vorrq_u16(f->wx0, vshlq_n_u16(f->fx, 8)));
    for (int k = 0; k < 4; k++) w->wx[k] = vqtbl1q_u8(pair, vld1q_u8(vl_c4_lane_pairs[k]));
#else
    /* The low byte of 16-bit lane 4j + i, 4 times, for i = 0..3. */
    static const uint8_t quads[2][16] = { { 0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6 },
                                          { 8, 8, 8, 8, 10, 10, 10, 10, 12, 12, 12, 12, 14, 14, 14, 14 } };
    for (int j = 0; j < 2; j++) {
        w->w0[j] = vqtbl1q_u8(vreinterpretq_u8_u16(f->wx0), vld1q_u8(quads[j]));
        w->w1[j] = vqtbl1q_u8(vreinterpretq_u8_u16(f->fx), vld1q_u8(quads[j]));
    }
#endif
    for (int k = 0; k < 4; k++) w->fy[k] = vreinterpretq_s16_u8(vqtbl1q_u8(fy, vld1q_u8(vl_c4_lane_pairs[k])));
}

/* One row's horizontal sums of 8 pixels whose tap pairs start at q + lo[i], q + hi[i]. */
VL_INLINE void c4_row(const uint8_t *q, int32x4_t lo, int32x4_t hi, const c4_weights *w, int16x8_t h[4])
{
    uint8x16_t t[4] = {
        vreinterpretq_u8_u64(gather64x2(q, OFF(lo, 0), OFF(lo, 1))),
        vreinterpretq_u8_u64(gather64x2(q, OFF(lo, 2), OFF(lo, 3))),
        vreinterpretq_u8_u64(gather64x2(q, OFF(hi, 0), OFF(hi, 1))),
        vreinterpretq_u8_u64(gather64x2(q, OFF(hi, 2), OFF(hi, 3))),
    };
#if VL_X86
    static const uint8_t side_by_side[16] = { 0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15 };
    const uint8x16_t idx = vld1q_u8(side_by_side);
    for (int k = 0; k < 4; k++)
        h[k] = simde_int16x8_from_m128i(_mm_maddubs_epi16(simde_uint8x16_to_m128i(vqtbl1q_u8(t[k], idx)),
                                                          simde_uint8x16_to_m128i(w->wx[k])));
#else
    for (int j = 0; j < 2; j++) {
        uint32x4_t a = vreinterpretq_u32_u8(t[2 * j]), b = vreinterpretq_u32_u8(t[2 * j + 1]);
        uint8x16_t l = vreinterpretq_u8_u32(vuzp1q_u32(a, b)), r = vreinterpretq_u8_u32(vuzp2q_u32(a, b));
        h[2 * j] = vreinterpretq_s16_u16(vmlal_u8(vmull_u8(vget_low_u8(l), vget_low_u8(w->w0[j])), vget_low_u8(r),
                                                  vget_low_u8(w->w1[j])));
        h[2 * j + 1] = vreinterpretq_s16_u16(vmlal_high_u8(vmull_high_u8(l, w->w0[j]), r, w->w1[j]));
    }
#endif
}

/* floor(d fy / 32) for |d| <= 8160, fy10 = fy << 10. */
VL_INLINE int16x8_t mul_fy(int16x8_t d, int16x8_t fy10)
{
#if VL_X86
    return simde_int16x8_from_m128i(_mm_mulhi_epi16(simde_int16x8_to_m128i(vaddq_s16(d, d)), simde_int16x8_to_m128i(fy10)));
#else
    return vqdmulhq_s16(d, fy10);
#endif
}

/* (a + 16) >> 5 and (b + 16) >> 5 as the 16 bytes of a's lanes then b's, for results below 256. */
VL_INLINE uint8x16_t rshrn5x2_s16(int16x8_t a, int16x8_t b)
{
#if VL_X86
    /* PMULHRSW by 2^10: (a 2^10 + 2^14) >> 15. */
    const __m128i k = _mm_set1_epi16(1 << 10);
    return simde_uint8x16_from_m128i(_mm_packus_epi16(_mm_mulhrs_epi16(simde_int16x8_to_m128i(a), k),
                                                      _mm_mulhrs_epi16(simde_int16x8_to_m128i(b), k)));
#else
    return vrshrn_high_n_u16(vrshrn_n_u16(vreinterpretq_u16_s16(a), 5), vreinterpretq_u16_s16(b), 5);
#endif
}

VL_INLINE void linear_u8c4(const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi, const frac8 *f, uint8_t *d)
{
    c4_weights w;
    c4_weights_of(f, &w);
    int16x8_t h0[4], h1[4], r[4];
    c4_row(p, lo, hi, &w, h0);
    c4_row(p + pitch, lo, hi, &w, h1);
    for (int k = 0; k < 4; k++) r[k] = vaddq_s16(h0[k], mul_fy(vsubq_s16(h1[k], h0[k]), w.fy[k]));
    vst1q_u8(d, rshrn5x2_s16(r[0], r[1]));
    vst1q_u8(d + 16, rshrn5x2_s16(r[2], r[3]));
}

/* ---- S16 and F32 LINEAR ------------------------------------------------------------------- */

/* OpenCV's float weights are exact products of multiples of 1/32: (32 - fx)(32 - fy) / 1024. */
VL_INLINE void float_weights(uint16x4_t a, float32x4_t w[4])
{
    const uint32x4_t mask = vdupq_n_u32(VL_INTER_SIZE - 1), full = vdupq_n_u32(VL_INTER_SIZE);
    uint32x4_t a32 = vmovl_u16(a);
    uint32x4_t fx = vandq_u32(a32, mask), fy = vandq_u32(vshrq_n_u32(a32, VL_INTER_BITS), mask);
    uint32x4_t gx = vsubq_u32(full, fx), gy = vsubq_u32(full, fy);
    const float32x4_t k = vdupq_n_f32(1.f / (VL_INTER_SIZE * VL_INTER_SIZE));
    w[0] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(gx, gy)), k);
    w[1] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(fx, gy)), k);
    w[2] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(gx, fy)), k);
    w[3] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(fx, fy)), k);
}

VL_INLINE float32x4_t blend4(const float32x4_t v[4], const float32x4_t w[4])
{
    float32x4_t s = vaddq_f32(vmulq_f32(v[0], w[0]), vmulq_f32(v[1], w[1]));
    s = vaddq_f32(s, vmulq_f32(v[2], w[2]));
    return vaddq_f32(s, vmulq_f32(v[3], w[3]));
}

/* 4 pixels of a float plane: each tap pair is 8 bytes. */
VL_INLINE void linear_f32_4(const uint8_t *p, int32_t pitch, int32x4_t off, uint16x4_t a, float *d)
{
    float32x4_t v[4], w[4];
    for (int r = 0; r < 2; r++) {
        const uint8_t *q = p + r * pitch;
        float32x4_t t0 = vreinterpretq_f32_u64(gather64x2(q, OFF(off, 0), OFF(off, 1)));
        float32x4_t t1 = vreinterpretq_f32_u64(gather64x2(q, OFF(off, 2), OFF(off, 3)));
        v[2 * r] = vuzp1q_f32(t0, t1);
        v[2 * r + 1] = vuzp2q_f32(t0, t1);
    }
    float_weights(a, w);
    vst1q_f32(d, blend4(v, w));
}

/* 4 pixels of an S16 plane: each tap pair is 4 bytes; the sum rounds half to even, saturated. */
VL_INLINE void linear_s16_4(const uint8_t *p, int32_t pitch, int32x4_t off, uint16x4_t a, int16_t *d)
{
    float32x4_t v[4], w[4];
    for (int r = 0; r < 2; r++) {
        /* Each 32-bit tap pair holds the left tap in its low half (little-endian). */
        int32x4_t t = vreinterpretq_s32_u32(gather32x4(p + r * pitch, off));
        v[2 * r] = vcvtq_f32_s32(vmovl_s16(vmovn_s32(t)));
        v[2 * r + 1] = vcvtq_f32_s32(vshrq_n_s32(t, 16));
    }
    float_weights(a, w);
    vst1_s16(d, vqmovn_s32(vcvtq_s32_f32(vrndnq_f32(blend4(v, w)))));
}

/* ---- NEAREST ---------------------------------------------------------------------------------- */

/* Copies pixel i of 8 from its offset; bpp is a constant in every caller. */
VL_INLINE void copy8(const uint8_t *p, int32x4_t lo, int32x4_t hi, int bpp, uint8_t *d)
{
    int32_t o[8];
    vst1q_s32(o, lo);
    vst1q_s32(o + 4, hi);
    for (int i = 0; i < 8; i++) memcpy(d + i * bpp, p + o[i], (size_t)bpp);
}

/* ---- 8-bit CUBIC ------------------------------------------------------------------------------ */

/* One pixel from its 4x4 footprint (p: the top-left tap) and OpenCV's 16 15-bit weights: integer
 * sums, so the order of the additions does not matter and the result is the reference's. */
VL_INLINE void cubic_u8_px(const uint8_t *p, int32_t pitch, const int16_t *w, int cn, uint8_t *d)
{
    int32x4_t acc = vdupq_n_s32(0);
    for (int r = 0; r < 4; r++, p += pitch) {
        int16x4_t wr = vld1_s16(w + 4 * r);
        if (cn == 1) {
            uint32_t t;
            memcpy(&t, p, 4);
            int16x4_t taps = vreinterpret_s16_u16(vget_low_u16(vmovl_u8(vreinterpret_u8_u32(vdup_n_u32(t)))));
            acc = vmlal_s16(acc, taps, wr);
        } else if (cn == 2) {
            /* taps U V of columns 0 1 | 2 3, weights w0 w0 w1 w1 | w2 w2 w3 w3 */
            int16x8_t taps = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(p)));
            acc = vmlal_s16(acc, vget_low_s16(taps), vzip1_s16(wr, wr));
            acc = vmlal_s16(acc, vget_high_s16(taps), vzip2_s16(wr, wr));
        } else {
            uint8x16_t row = vld1q_u8(p);
            int16x8_t lo = vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(row)));
            int16x8_t hi = vreinterpretq_s16_u16(vmovl_u8(vget_high_u8(row)));
            acc = vmlal_lane_s16(acc, vget_low_s16(lo), wr, 0);
            acc = vmlal_lane_s16(acc, vget_high_s16(lo), wr, 1);
            acc = vmlal_lane_s16(acc, vget_low_s16(hi), wr, 2);
            acc = vmlal_lane_s16(acc, vget_high_s16(hi), wr, 3);
        }
    }
    if (cn == 1) {
        int32_t sum = (vaddvq_s32(acc) + (1 << (VL_COEF_BITS - 1))) >> VL_COEF_BITS;
        d[0] = (uint8_t)(sum < 0 ? 0 : sum > 255 ? 255 : sum);
        return;
    }
    if (cn == 2) acc = vcombine_s32(vadd_s32(vget_low_s32(acc), vget_high_s32(acc)), vdup_n_s32(0));  /* U, V */
    uint8x8_t out = vqmovn_u16(vcombine_u16(vqmovun_s32(vrshrq_n_s32(acc, VL_COEF_BITS)), vdup_n_u16(0)));
    uint32_t bytes = vget_lane_u32(vreinterpret_u32_u8(out), 0);
    memcpy(d, &bytes, (size_t)cn);
}

/* 8 pixels, their footprints' top-left taps at byte offsets lo, hi. */
VL_INLINE void cubic_u8_8(const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi, uint16x8_t av, int cn, uint8_t *d)
{
    const vl_interp_tables *t = vl_interp_tables_get();
    int32_t off[8];
    uint16_t frac[8];
    vst1q_s32(off, lo);
    vst1q_s32(off + 4, hi);
    vst1q_u16(frac, vandq_u16(av, vdupq_n_u16(VL_A_FRAC)));
    for (int i = 0; i < 8; i++) cubic_u8_px(p + off[i], pitch, t->cubic_i[frac[i]], cn, d + i * cn);
}

/* All-ones lanes for pixels whose footprint misses the source (LINEAR: [sx, sx + 1] x [sy, sy + 1];
 * NEAREST: the pixel itself; CUBIC, given sx - 1 and sy - 1: 4 x 4 from there). */
VL_INLINE uint16x8_t outside8(int16x8_t sx, int16x8_t sy, int16x8_t w, int16x8_t h, int lo)
{
    const int16x8_t lim = vdupq_n_s16((int16_t)lo);
    uint16x8_t ox = vorrq_u16(vcgeq_s16(sx, w), vcltq_s16(sx, lim));
    uint16x8_t oy = vorrq_u16(vcgeq_s16(sy, h), vcltq_s16(sy, lim));
    return vorrq_u16(ox, oy);
}

/* ---- rows ------------------------------------------------------------------------------------- */

/* What a plane's pixels take: the vector kinds, or the reference pixel by pixel (3-channel LINEAR
 * and CUBIC, S16 and F32 CUBIC (whose float sums must keep OpenCV's order), sources too small for
 * a 4x4 footprint, planes too big for 32-bit offsets). */
enum vl_kind { K_SCALAR, K_NEAREST, K_U8C1, K_U8C2, K_U8C4, K_S16, K_F32, K_CUBIC1, K_CUBIC2, K_CUBIC4 };

static inline enum vl_kind vl_kind_of(const vl_sampler *s, const vela_image_plane *src)
{
    if ((int64_t)s->height * src->pitch > INT32_MAX - 64) return K_SCALAR;
    if (s->interp == VELA_INTERP_NEAREST) return s->channels * (s->depth == VL_DEPTH_U8 ? 1 : s->depth == VL_DEPTH_S16 ? 2 : 4) <= 4 ? K_NEAREST : K_SCALAR;
    if (s->interp == VELA_INTERP_CUBIC) {
        if (s->depth != VL_DEPTH_U8 || s->width < 4 || s->height < 4) return K_SCALAR;
        return s->channels == 1 ? K_CUBIC1 : s->channels == 2 ? K_CUBIC2 : s->channels == 4 ? K_CUBIC4 : K_SCALAR;
    }
    if (s->depth == VL_DEPTH_U8) return s->channels == 1 ? K_U8C1 : s->channels == 2 ? K_U8C2
                                      : s->channels == 4 ? K_U8C4 : K_SCALAR;
    return s->depth == VL_DEPTH_S16 ? K_S16 : K_F32;
}

/* How a kind's footprint sits around (sx, sy): it starts `vl_kind_back` pixels before, and is
 * inside when its start is below the plane's size minus `vl_kind_span` (unsigned). */
static inline int vl_kind_back(enum vl_kind k) { return k == K_CUBIC1 || k == K_CUBIC2 || k == K_CUBIC4; }
static inline int vl_kind_span(enum vl_kind k) { return k == K_NEAREST ? 0 : vl_kind_back(k) ? 3 : 1; }

/* 8 pixels of an 8-bit LINEAR kind inside the source, their weights given. */
VL_INLINE void vl_sample8_u8(enum vl_kind k, const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi, const frac8 *f,
                             uint8_t *o)
{
    if (k == K_U8C1) linear_u8c1(p, pitch, lo, hi, f, o);
    else if (k == K_U8C2) linear_u8c2(p, pitch, lo, hi, f, o);
    else linear_u8c4(p, pitch, lo, hi, f, o);
}

/* 8 pixels inside the source, their footprints' top-left taps at byte offsets lo (pixels 0-3)
 * and hi (4-7), their fractions in av (NEAREST: offsets of the pixels themselves). k and bpp are
 * constants in every caller, so each use compiles to one straight path. */
VL_INLINE void vl_sample8_inside(enum vl_kind k, int bpp, const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi,
                                 uint16x8_t av, uint8_t *o)
{
    switch (k) {
    case K_NEAREST: copy8(p, lo, hi, bpp, o); break;
    case K_U8C1: case K_U8C2: case K_U8C4: {
        frac8 f = fractions(av);
        vl_sample8_u8(k, p, pitch, lo, hi, &f, o);
        break;
    }
    case K_F32:
        linear_f32_4(p, pitch, lo, vget_low_u16(av), (float *)o);
        linear_f32_4(p, pitch, hi, vget_high_u16(av), (float *)(o + 16));
        break;
    case K_S16:
        linear_s16_4(p, pitch, lo, vget_low_u16(av), (int16_t *)o);
        linear_s16_4(p, pitch, hi, vget_high_u16(av), (int16_t *)(o + 8));
        break;
    case K_CUBIC1: cubic_u8_8(p, pitch, lo, hi, av, 1, o); break;
    case K_CUBIC2: cubic_u8_8(p, pitch, lo, hi, av, 2, o); break;
    case K_CUBIC4: cubic_u8_8(p, pitch, lo, hi, av, 4, o); break;
    default: break;
    }
}

#endif
