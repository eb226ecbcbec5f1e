/* Perspective warp with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Source points are computed 8 at a time in double-precision vectors, with OpenCV's operations in
 * OpenCV's order (an IEEE division, no fused multiply-add), so they are the reference's to the last
 * bit; they land as table entries in a small buffer on the stack, which remap's NEON sampler then
 * reads. The matrix has no NaN, infinite or tiny non-zero entries (the plan checked), so no point
 * is NaN and the conversion to int32 may saturate instead of clamping first. */
#include "common/warp_perspective.h"
#include "cpu/neon.h"

#include <math.h>

#define VL_INLINE static inline __attribute__((always_inline))

#define CHUNK 128  /* destination pixels per buffer of points */

VL_INLINE float64x2_t div_f64(float64x2_t a, float64x2_t b)
{
#if defined(__aarch64__)
    return vdivq_f64(a, b);
#elif defined(__SSE2__)
    return simde_float64x2_from_m128d(_mm_div_pd(simde_float64x2_to_m128d(a), simde_float64x2_to_m128d(b)));
#else
    return vcombine_f64(vdup_n_f64(vgetq_lane_f64(a, 0) / vgetq_lane_f64(b, 0)),
                        vdup_n_f64(vgetq_lane_f64(a, 1) / vgetq_lane_f64(b, 1)));
#endif
}

/* Round half to even of the 4 values in a and b, saturated to int32. When the block is `safe`,
 * every value is known to lie well inside int32: the integer is the low half of the 64-bit
 * result. ARM64 converts (and saturates) in one instruction; elsewhere (SIMDe, whose f64 -> s64
 * conversion is scalar) the value, clamped, is rounded by adding 1.5 * 2^52, which leaves the
 * integer in the low 32 bits of the sum (IEEE addition rounds half to even). */
VL_INLINE int32x4_t round4(float64x2_t a, float64x2_t b, int safe)
{
#if defined(__aarch64__)
    if (safe) return vuzp1q_s32(vreinterpretq_s32_s64(vcvtnq_s64_f64(a)), vreinterpretq_s32_s64(vcvtnq_s64_f64(b)));
    return vcombine_s32(vqmovn_s64(vcvtnq_s64_f64(a)), vqmovn_s64(vcvtnq_s64_f64(b)));
#else
    if (!safe) {
#if defined(__SSE2__)
        /* SIMDe's vminq/vmaxq_f64 honour NaN and signed zeros with several compares; no NaN is here. */
        const __m128d lo = _mm_set1_pd((double)INT32_MIN), hi = _mm_set1_pd((double)INT32_MAX);
        a = simde_float64x2_from_m128d(_mm_min_pd(_mm_max_pd(simde_float64x2_to_m128d(a), lo), hi));
        b = simde_float64x2_from_m128d(_mm_min_pd(_mm_max_pd(simde_float64x2_to_m128d(b), lo), hi));
#else
        a = vminq_f64(vmaxq_f64(a, vdupq_n_f64((double)INT32_MIN)), vdupq_n_f64((double)INT32_MAX));
        b = vminq_f64(vmaxq_f64(b, vdupq_n_f64((double)INT32_MIN)), vdupq_n_f64((double)INT32_MAX));
#endif
    }
    const float64x2_t magic = vdupq_n_f64(6755399441055744.0);
    return vreinterpretq_s32_u32(vuzp1q_u32(vreinterpretq_u32_f64(vaddq_f64(a, magic)),
                                            vreinterpretq_u32_f64(vaddq_f64(b, magic))));
#endif
}

/* OpenCV's blocks are at most 1024 pixels wide. */
#define MAX_BLOCK 1024

/* m0 d, m3 d and m6 d for every offset d within a block: the same products for every row and
 * block, so they are made once per call and read (exact: the same roundings as computing them). */
typedef struct steps {
    double m0[MAX_BLOCK], m3[MAX_BLOCK], m6[MAX_BLOCK];
} steps;

static void steps_fill(const double *M, int32_t n, steps *st)
{
    for (int32_t d = 0; d < n; d++) {
        st->m0[d] = M[0] * d;
        st->m3[d] = M[3] * d;
        st->m6[d] = M[6] * d;
    }
}

/* Can the block [0, bw) skip the zero test of W and the clamp to int32? W(d) = W0 + m6 d and
 * N(d) = X0 + m0 d are monotonic in d (so are their rounded values), so when W has the same
 * strict sign at both ends it is never 0, and |N| s / |W| is bounded by the ends' values. */
static int block_safe(const steps *st, double X0, double Y0, double W0, int32_t bw, double scale)
{
    double wa = W0 + st->m6[0], wb = W0 + st->m6[bw - 1];
    if (!((wa > 0 && wb > 0) || (wa < 0 && wb < 0))) return 0;
    double n = fmax(fmax(fabs(X0 + st->m0[0]), fabs(X0 + st->m0[bw - 1])),
                    fmax(fabs(Y0 + st->m3[0]), fabs(Y0 + st->m3[bw - 1])));
    return n * (scale / fmin(fabs(wa), fabs(wb))) < 1e9;  /* int32 holds 2.1e9 */
}

/* Entries of the n pixels at block offsets d0.. of the block starting at xb on row y: groups of
 * 8 in vectors, the rest (fewer than 8) through the reference. */
static void block_points(const vl_warp_plane *wp, const steps *st, int32_t y, int32_t xb, int32_t bw, int32_t d0,
                         int32_t n, int16_t *xy, uint16_t *a)
{
    const double *M = wp->m;
    const int nearest = wp->sampler.interp == VELA_INTERP_NEAREST;
    const double X0 = M[0] * xb + M[1] * y + M[2], Y0 = M[3] * xb + M[4] * y + M[5], W0 = M[6] * xb + M[7] * y + M[8];
    const double scale = nearest ? 1.0 : (double)VL_INTER_SIZE;
    const int safe = block_safe(st, X0, Y0, W0, bw, scale);
    const float64x2_t x0 = vdupq_n_f64(X0), y0 = vdupq_n_f64(Y0), w0 = vdupq_n_f64(W0), s = vdupq_n_f64(scale);
    const int32x4_t mask = vdupq_n_s32(VL_INTER_SIZE - 1);
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        float64x2_t fx[4], fy[4];
        for (int h = 0; h < 4; h++) {
            int32_t d = d0 + i + 2 * h;
            float64x2_t w = vaddq_f64(w0, vld1q_f64(st->m6 + d));
            float64x2_t r = div_f64(s, w);
            if (!safe) r = vreinterpretq_f64_u64(vbicq_u64(vreinterpretq_u64_f64(r), vceqzq_f64(w)));  /* W ? s / W : 0 */
            fx[h] = vmulq_f64(vaddq_f64(x0, vld1q_f64(st->m0 + d)), r);
            fy[h] = vmulq_f64(vaddq_f64(y0, vld1q_f64(st->m3 + d)), r);
        }
        int32x4_t X[2] = { round4(fx[0], fx[1], safe), round4(fx[2], fx[3], safe) };
        int32x4_t Y[2] = { round4(fy[0], fy[1], safe), round4(fy[2], fy[3], safe) };
        int16x8x2_t e;
        uint16x8_t av;
        if (nearest) {
            e.val[0] = vcombine_s16(vqmovn_s32(X[0]), vqmovn_s32(X[1]));
            e.val[1] = vcombine_s16(vqmovn_s32(Y[0]), vqmovn_s32(Y[1]));
            av = vdupq_n_u16(0);
        } else {
            e.val[0] = vcombine_s16(vqshrn_n_s32(X[0], VL_INTER_BITS), vqshrn_n_s32(X[1], VL_INTER_BITS));
            e.val[1] = vcombine_s16(vqshrn_n_s32(Y[0], VL_INTER_BITS), vqshrn_n_s32(Y[1], VL_INTER_BITS));
            int32x4_t f0 = vorrq_s32(vandq_s32(X[0], mask), vshlq_n_s32(vandq_s32(Y[0], mask), VL_INTER_BITS));
            int32x4_t f1 = vorrq_s32(vandq_s32(X[1], mask), vshlq_n_s32(vandq_s32(Y[1], mask), VL_INTER_BITS));
            av = vcombine_u16(vmovn_u32(vreinterpretq_u32_s32(f0)), vmovn_u32(vreinterpretq_u32_s32(f1)));
        }
        vst2q_s16(xy + 2 * i, e);
        vst1q_u16(a + i, av);
    }
    if (i < n) vl_warp_points_ref(wp, y, xb + d0 + i, xb + d0 + n, xy + 2 * i, a + i);
}

vela_status vl_warp_perspective_neon(const vl_warp_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                                     int32_t y0, int32_t y1)
{
    if (y0 == y1) return VELA_OK;  /* every plan is taken */
    int16_t xy[2 * CHUNK] __attribute__((aligned(16)));
    uint16_t a[CHUNK] __attribute__((aligned(16)));
    steps st;
    for (int p = 0; p < plan->num_planes; p++) {
        const vl_warp_plane *wp = &plan->plane[p];
        steps_fill(wp->m, wp->block, &st);
        int32_t bytes = vl_sampler_pixel_bytes(&wp->sampler);
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > wp->height) r1 = wp->height;
        for (int32_t y = r0; y < r1; y++) {
            uint8_t *row = (uint8_t *)dst->planes[p].data + (int64_t)y * dst->planes[p].pitch;
            for (int32_t xb = 0; xb < wp->width; xb += wp->block) {
                int32_t bw = wp->width - xb < wp->block ? wp->width - xb : wp->block;
                for (int32_t c = 0; c < bw; c += CHUNK) {
                    int32_t n = bw - c < CHUNK ? bw - c : CHUNK;
                    block_points(wp, &st, y, xb, bw, c, n, xy, a);
                    vl_sample_row_neon(&wp->sampler, &src->planes[p], xy, a, row + (int64_t)(xb + c) * bytes, 0, n);
                }
            }
        }
    }
    return VELA_OK;
}
