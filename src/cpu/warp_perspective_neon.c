/* Perspective warp with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Source points are computed 8 at a time in double-precision vectors, with OpenCV's operations in
 * OpenCV's order (an IEEE division, no fused multiply-add), so they are the reference's to the last
 * bit; they land as table entries in a small buffer on the stack, which remap's NEON sampler then
 * reads. The matrix has no NaN, infinite or tiny non-zero entries (the plan checked), so no point
 * is NaN and the conversion to int32 may saturate instead of clamping first. */
#include "common/warp_perspective.h"
#include "cpu/neon.h"

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

/* round half to even, saturated to int32 (the reference clamps, then rounds: the same). */
VL_INLINE int32x2_t round_s32(float64x2_t v)
{
#if defined(__aarch64__)
    return vqmovn_s64(vcvtnq_s64_f64(v));
#else
    v = vminnmq_f64(vmaxnmq_f64(v, vdupq_n_f64((double)INT32_MIN)), vdupq_n_f64((double)INT32_MAX));
    return vmovn_s64(vcvtq_s64_f64(vrndnq_f64(v)));
#endif
}

typedef struct row_consts {
    float64x2_t m0, m3, m6, x0, y0, w0, scale;
} row_consts;

/* X and Y of two pixels at block offsets d (lanes). */
VL_INLINE void point2(const row_consts *k, float64x2_t d, int32x2_t *X, int32x2_t *Y)
{
    float64x2_t w = vaddq_f64(k->w0, vmulq_f64(k->m6, d));
    uint64x2_t zero = vceqzq_f64(w);
    w = vreinterpretq_f64_u64(vbicq_u64(vreinterpretq_u64_f64(div_f64(k->scale, w)), zero));  /* W ? s / W : 0 */
    *X = round_s32(vmulq_f64(vaddq_f64(k->x0, vmulq_f64(k->m0, d)), w));
    *Y = round_s32(vmulq_f64(vaddq_f64(k->y0, vmulq_f64(k->m3, d)), w));
}

/* Entries of the n pixels at block offsets d0.. of a block whose start gives X0, Y0, W0; groups of
 * 8 in vectors, the rest (fewer than 8) through the reference. */
static void block_points(const vl_warp_plane *wp, int32_t y, int32_t xb, int32_t d0, int32_t n, int16_t *xy,
                         uint16_t *a)
{
    const double *M = wp->m;
    const int nearest = wp->sampler.interp == VELA_INTERP_NEAREST;
    row_consts k = { vdupq_n_f64(M[0]), vdupq_n_f64(M[3]), vdupq_n_f64(M[6]),
                     vdupq_n_f64(M[0] * xb + M[1] * y + M[2]), vdupq_n_f64(M[3] * xb + M[4] * y + M[5]),
                     vdupq_n_f64(M[6] * xb + M[7] * y + M[8]), vdupq_n_f64(nearest ? 1.0 : (double)VL_INTER_SIZE) };
    const float64x2_t two = vdupq_n_f64(2.0);
    const int32x4_t mask = vdupq_n_s32(VL_INTER_SIZE - 1);
    float64x2_t d = vcombine_f64(vdup_n_f64((double)d0), vdup_n_f64((double)d0 + 1));
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        int32x4_t X[2], Y[2];
        for (int h = 0; h < 2; h++) {
            int32x2_t xl, yl, xh, yh;
            point2(&k, d, &xl, &yl);
            d = vaddq_f64(d, two);
            point2(&k, d, &xh, &yh);
            d = vaddq_f64(d, two);
            X[h] = vcombine_s32(xl, xh);
            Y[h] = vcombine_s32(yl, yh);
        }
        int16x8x2_t e;
        uint16x8_t av;
        if (nearest) {
            e.val[0] = vcombine_s16(vqmovn_s32(X[0]), vqmovn_s32(X[1]));
            e.val[1] = vcombine_s16(vqmovn_s32(Y[0]), vqmovn_s32(Y[1]));
            av = vdupq_n_u16(0);
        } else {
            e.val[0] = vcombine_s16(vqmovn_s32(vshrq_n_s32(X[0], VL_INTER_BITS)), vqmovn_s32(vshrq_n_s32(X[1], VL_INTER_BITS)));
            e.val[1] = vcombine_s16(vqmovn_s32(vshrq_n_s32(Y[0], VL_INTER_BITS)), vqmovn_s32(vshrq_n_s32(Y[1], VL_INTER_BITS)));
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
    int16_t xy[2 * CHUNK] __attribute__((aligned(16)));
    uint16_t a[CHUNK] __attribute__((aligned(16)));
    for (int p = 0; p < plan->num_planes; p++) {
        const vl_warp_plane *wp = &plan->plane[p];
        int32_t bytes = vl_sampler_pixel_bytes(&wp->sampler);
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > wp->height) r1 = wp->height;
        for (int32_t y = r0; y < r1; y++) {
            uint8_t *row = (uint8_t *)dst->planes[p].data + (int64_t)y * dst->planes[p].pitch;
            for (int32_t xb = 0; xb < wp->width; xb += wp->block) {
                int32_t bw = wp->width - xb < wp->block ? wp->width - xb : wp->block;
                for (int32_t c = 0; c < bw; c += CHUNK) {
                    int32_t n = bw - c < CHUNK ? bw - c : CHUNK;
                    block_points(wp, y, xb, c, n, xy, a);
                    vl_sample_row_neon(&wp->sampler, &src->planes[p], xy, a, row + (int64_t)(xb + c) * bytes, 0, n);
                }
            }
        }
    }
    return VELA_OK;
}
