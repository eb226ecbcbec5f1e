/* Perspective warp with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Source points are computed 8 at a time in double-precision vectors, with OpenCV's operations in
 * OpenCV's order (an IEEE division, no fused multiply-add), so they are the reference's to the last
 * bit; they land as table entries in a small buffer on the stack, which remap's NEON sampler then
 * reads. The matrix has no NaN, infinite or tiny non-zero entries (the plan checked), so no point
 * is NaN and the conversion to int32 may saturate instead of clamping first. */
#include "common/warp_perspective.h"
#include "cpu/sample_neon.h"

#include <math.h>

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

/* fmax and fmin are instructions on ARM64, but calls into libm on x86 (once per block of 64
 * pixels or so); no NaN reaches them here (the plan checked the matrix). */
#if defined(__aarch64__)
#define MAX_F64(a, b) fmax((a), (b))
#define MIN_F64(a, b) fmin((a), (b))
#else
#define MAX_F64(a, b) ((a) > (b) ? (a) : (b))
#define MIN_F64(a, b) ((a) < (b) ? (a) : (b))
#endif

/* Can the block [0, bw) skip the zero test of W and the clamp to int32? W(d) = W0 + m6 d and
 * N(d) = X0 + m0 d are monotonic in d (so are their rounded values), so when W has the same
 * strict sign at both ends it is never 0, and |N| s / |W| is bounded by the ends' values. */
static int block_safe(const steps *st, double X0, double Y0, double W0, int32_t bw, double scale)
{
    double wa = W0 + st->m6[0], wb = W0 + st->m6[bw - 1];
    if (!((wa > 0 && wb > 0) || (wa < 0 && wb < 0))) return 0;
    double n = MAX_F64(MAX_F64(fabs(X0 + st->m0[0]), fabs(X0 + st->m0[bw - 1])),
                       MAX_F64(fabs(Y0 + st->m3[0]), fabs(Y0 + st->m3[bw - 1])));
    return n * (scale / MIN_F64(fabs(wa), fabs(wb))) < 1e9;  /* int32 holds 2.1e9 */
}

/* A block's constants: where it starts (X0, Y0, W0 in vectors), the scale (32, or 1 for
 * NEAREST), and whether it is safe (block_safe). */
typedef struct block_consts {
    float64x2_t x0, y0, w0, s;
    int safe, nearest;
} block_consts;

static block_consts block_setup(const vl_warp_plane *wp, const steps *st, int32_t y, int32_t xb, int32_t bw)
{
    const double *M = wp->m;
    const int nearest = wp->sampler.interp == VELA_INTERP_NEAREST;
    const double X0 = M[0] * xb + M[1] * y + M[2], Y0 = M[3] * xb + M[4] * y + M[5], W0 = M[6] * xb + M[7] * y + M[8];
    const double scale = nearest ? 1.0 : (double)VL_INTER_SIZE;
    block_consts k = { vdupq_n_f64(X0), vdupq_n_f64(Y0), vdupq_n_f64(W0), vdupq_n_f64(scale),
                       block_safe(st, X0, Y0, W0, bw, scale), nearest };
    return k;
}

/* The rounded points X, Y (in 1/32 pixel, or pixels for NEAREST) of the 8 pixels at offset d. */
VL_INLINE void points8(const block_consts *k, const steps *st, int32_t d, int32x4_t X[2], int32x4_t Y[2])
{
    float64x2_t fx[4], fy[4];
    for (int h = 0; h < 4; h++) {
        float64x2_t w = vaddq_f64(k->w0, vld1q_f64(st->m6 + d + 2 * h));
        float64x2_t r = div_f64(k->s, w);
        if (!k->safe) r = vreinterpretq_f64_u64(vbicq_u64(vreinterpretq_u64_f64(r), vceqzq_f64(w)));  /* W ? s / W : 0 */
        fx[h] = vmulq_f64(vaddq_f64(k->x0, vld1q_f64(st->m0 + d + 2 * h)), r);
        fy[h] = vmulq_f64(vaddq_f64(k->y0, vld1q_f64(st->m3 + d + 2 * h)), r);
    }
    X[0] = round4(fx[0], fx[1], k->safe);
    X[1] = round4(fx[2], fx[3], k->safe);
    Y[0] = round4(fy[0], fy[1], k->safe);
    Y[1] = round4(fy[2], fy[3], k->safe);
}

/* The packed fractions of 8 points: fx | fy << 5. */
VL_INLINE uint16x8_t fractions8(const int32x4_t X[2], const int32x4_t Y[2])
{
    const int32x4_t mask = vdupq_n_s32(VL_INTER_SIZE - 1);
    int32x4_t f0 = vorrq_s32(vandq_s32(X[0], mask), vshlq_n_s32(vandq_s32(Y[0], mask), VL_INTER_BITS));
    int32x4_t f1 = vorrq_s32(vandq_s32(X[1], mask), vshlq_n_s32(vandq_s32(Y[1], mask), VL_INTER_BITS));
    return vcombine_u16(vmovn_u32(vreinterpretq_u32_s32(f0)), vmovn_u32(vreinterpretq_u32_s32(f1)));
}

/* The table entries of 8 points (common/remap.h), into xy[16] and a[8]. */
VL_INLINE void entries8(int nearest, const int32x4_t X[2], const int32x4_t Y[2], int16_t *xy, uint16_t *a)
{
    int16x8x2_t e;
    if (nearest) {
        e.val[0] = vcombine_s16(vqmovn_s32(X[0]), vqmovn_s32(X[1]));
        e.val[1] = vcombine_s16(vqmovn_s32(Y[0]), vqmovn_s32(Y[1]));
        vst1q_u16(a, vdupq_n_u16(0));
    } else {
        e.val[0] = vcombine_s16(vqshrn_n_s32(X[0], VL_INTER_BITS), vqshrn_n_s32(X[1], VL_INTER_BITS));
        e.val[1] = vcombine_s16(vqshrn_n_s32(Y[0], VL_INTER_BITS), vqshrn_n_s32(Y[1], VL_INTER_BITS));
        vst1q_u16(a, fractions8(X, Y));
    }
    vst2q_s16(xy, e);
}

/* Prefetches the taps VL_AHEAD pixels past the first of 8 points (sample_neon.h), extrapolating
 * from points 0 and 4 (exact to a pixel or so for the views a warp makes; a guess is enough),
 * which are inside the source: no overflow. */
VL_INLINE void prefetch_ahead(const uint8_t *p, int32_t pitch, int bpp, const int32x4_t X[2], const int32x4_t Y[2])
{
#if VL_X86
    const int k = VL_AHEAD / 4;  /* a power of 2 */
    int32_t x0 = vgetq_lane_s32(X[0], 0), y0 = vgetq_lane_s32(Y[0], 0);
    int32_t fx = x0 + (vgetq_lane_s32(X[1], 0) - x0) * k, fy = y0 + (vgetq_lane_s32(Y[1], 0) - y0) * k;
    prefetch_taps(p, pitch, (int64_t)(fx >> VL_INTER_BITS) * bpp + (int64_t)(fy >> VL_INTER_BITS) * pitch);
#else
    (void)p, (void)pitch, (void)bpp, (void)X, (void)Y;
#endif
}

/* 8 pixels of an 8-bit LINEAR kind inside the source, the weights straight from the low halves
 * of X and Y, not through packed fractions. */
VL_INLINE void sample8_u8(enum vl_kind kind, const uint8_t *p, int32_t pitch, int32x4_t lo, int32x4_t hi,
                          const int32x4_t X[2], const int32x4_t Y[2], uint8_t *o)
{
    const uint16x8_t mask = vdupq_n_u16(VL_INTER_SIZE - 1);
    uint16x8_t xl = vuzp1q_u16(vreinterpretq_u16_s32(X[0]), vreinterpretq_u16_s32(X[1]));
    uint16x8_t yl = vuzp1q_u16(vreinterpretq_u16_s32(Y[0]), vreinterpretq_u16_s32(Y[1]));
    frac8 f;
    f.fx = vandq_u16(xl, mask);
    f.fy = vandq_u16(yl, mask);
    f.wx0 = vsubq_u16(vdupq_n_u16(VL_INTER_SIZE), f.fx);
    vl_sample8_u8(kind, p, pitch, lo, hi, &f, o);
}

/* Entries of the n pixels at block offsets d0.. of the block starting at xb on row y: groups of
 * 8 in vectors, the rest (fewer than 8) through the reference. For the kinds sampled pixel by
 * pixel. */
static void block_points(const vl_warp_plane *wp, const steps *st, int32_t y, int32_t xb, int32_t bw, int32_t d0,
                         int32_t n, int16_t *xy, uint16_t *a)
{
    const block_consts k = block_setup(wp, st, y, xb, bw);
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        int32x4_t X[2], Y[2];
        points8(&k, st, d0 + i, X, Y);
        entries8(k.nearest, X, Y, xy + 2 * i, a + i);
    }
    if (i < n) vl_warp_points_ref(wp, y, xb + d0 + i, xb + d0 + n, xy + 2 * i, a + i);
}

/* Warps the n pixels at block offsets d0.. of a block into out (its first pixel): groups of 8
 * whose footprints are all inside the source go from points straight to the vector sampler; the
 * others (and the last few) become table entries for the reference, or, wholly outside under
 * CONSTANT or TRANSPARENT, the border value or nothing. */
VL_INLINE void block_warp(const vl_warp_plane *wp, const steps *st, const vela_image_plane *src, int32_t y,
                          int32_t xb, int32_t bw, int32_t d0, int32_t n, uint8_t *out, enum vl_kind kind, int bpp)
{
    const vl_sampler *s = &wp->sampler;
    const block_consts k = block_setup(wp, st, y, xb, bw);
    const uint8_t *p = src->data;
    const int32_t pitch = src->pitch;
    /* The footprint starts at (sx, sy) (CUBIC's at (sx - 1, sy - 1)) and is inside when its start
     * is below w - span, h - span (unsigned: negatives are huge); it misses the source when it
     * starts at or past w, h or before -span. */
    const int back = vl_kind_back(kind), span = vl_kind_span(kind);
    const uint32x4_t wl = lt_u32_bound((uint32_t)(s->width - span)), hl = lt_u32_bound((uint32_t)(s->height - span));
    const int32x4_t wo = vdupq_n_s32(s->width), ho = vdupq_n_s32(s->height), lim = vdupq_n_s32(-span);
    const int outside_fill = s->border == VELA_BORDER_CONSTANT || s->border == VELA_BORDER_TRANSPARENT;
    /* x86: 8-bit LINEAR points as (sx, sy) pairs, tested and turned into offsets as remap's
     * entries are (sample_neon.h), when the pitch fits PMADDWD's 16 bits. */
    const int u8 = kind == K_U8C1 || kind == K_U8C2 || kind == K_U8C4;
    const int pairs = VL_X86 && u8 && pitch <= INT16_MAX;
    const uint16x8_t bound = pairs_bound(s->width, s->height);
    int16_t exy[16];
    uint16_t ea[8];
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        int32x4_t X[2], Y[2], sx[2], sy[2], lo, hi;
        points8(&k, st, d0 + i, X, Y);
        uint8_t *o = out + (int64_t)i * bpp;
        if (pairs) {
            uint16x8_t P[2];
            pairs_of_points(X, Y, P);
            if (inside_pairs(P[0], P[1], bound)) {
                lo = offsets_pairs(vreinterpretq_s16_u16(P[0]), bpp, pitch);
                hi = offsets_pairs(vreinterpretq_s16_u16(P[1]), bpp, pitch);
                if (!((i * bpp) & (VL_AHEAD_EVERY - 1))) prefetch_ahead(p, pitch, bpp, X, Y);
                sample8_u8(kind, p, pitch, lo, hi, X, Y, o);
                continue;
            }
        }
        for (int h = 0; h < 2; h++) {
            sx[h] = k.nearest ? X[h] : vsubq_s32(vshrq_n_s32(X[h], VL_INTER_BITS), vdupq_n_s32(back));
            sy[h] = k.nearest ? Y[h] : vsubq_s32(vshrq_n_s32(Y[h], VL_INTER_BITS), vdupq_n_s32(back));
        }
        uint32x4_t in = vandq_u32(vandq_u32(lt_u32(vreinterpretq_u32_s32(sx[0]), wl), lt_u32(vreinterpretq_u32_s32(sy[0]), hl)),
                                  vandq_u32(lt_u32(vreinterpretq_u32_s32(sx[1]), wl), lt_u32(vreinterpretq_u32_s32(sy[1]), hl)));
        if (!pairs && all_true32(in)) {
            lo = vmlaq_n_s32(bpp > 1 ? vmulq_n_s32(sx[0], bpp) : sx[0], sy[0], pitch);
            hi = vmlaq_n_s32(bpp > 1 ? vmulq_n_s32(sx[1], bpp) : sx[1], sy[1], pitch);
            if (u8) {
                if (!((i * bpp) & (VL_AHEAD_EVERY - 1))) prefetch_ahead(p, pitch, bpp, X, Y);
                sample8_u8(kind, p, pitch, lo, hi, X, Y, o);
            } else {
                vl_sample8_inside(kind, bpp, p, pitch, lo, hi, k.nearest ? vdupq_n_u16(0) : fractions8(X, Y), o);
            }
            continue;
        }
        if (outside_fill) {
            uint32x4_t out0 = vorrq_u32(vorrq_u32(vcgeq_s32(sx[0], wo), vcltq_s32(sx[0], lim)),
                                        vorrq_u32(vcgeq_s32(sy[0], ho), vcltq_s32(sy[0], lim)));
            uint32x4_t out1 = vorrq_u32(vorrq_u32(vcgeq_s32(sx[1], wo), vcltq_s32(sx[1], lim)),
                                        vorrq_u32(vcgeq_s32(sy[1], ho), vcltq_s32(sy[1], lim)));
            if (all_true32(vandq_u32(out0, out1))) {
                if (s->border == VELA_BORDER_CONSTANT)
                    for (int j = 0; j < 8; j++) memcpy(o + j * bpp, &s->cval, (size_t)bpp);
                continue;
            }
        }
        entries8(k.nearest, X, Y, exy, ea);
        vl_sample_row_ref(s, src, exy, ea, o, 0, 8);
    }
    for (; i < n; i += 8) {  /* the last few: at most 7 */
        int32_t m = n - i < 8 ? n - i : 8;
        vl_warp_points_ref(wp, y, xb + d0 + i, xb + d0 + i + m, exy, ea);
        vl_sample_row_ref(s, src, exy, ea, out + (int64_t)i * bpp, 0, m);
    }
}

/* One plane's rows [r0, r1), its kind and pixel size constants. */
VL_INLINE void plane_rows(const vl_warp_plane *wp, const steps *st, const vela_image_plane *src,
                          const vela_image_plane *dst, int32_t r0, int32_t r1, enum vl_kind kind, int bpp)
{
    for (int32_t y = r0; y < r1; y++) {
        uint8_t *row = (uint8_t *)dst->data + (int64_t)y * dst->pitch;
        for (int32_t xb = 0; xb < wp->width; xb += wp->block) {
            int32_t bw = wp->width - xb < wp->block ? wp->width - xb : wp->block;
            block_warp(wp, st, src, y, xb, bw, 0, bw, row + (int64_t)xb * bpp, kind, bpp);
        }
    }
}

/* Each kind's rows in a function of its own, its kind and pixel size constants: the compiler
 * specialises the loops, and allocates each one's registers apart from the other kinds'. */
#define ROWS_FN(name, k, bpp)                                                                                   \
    static __attribute__((noinline)) void name(const vl_warp_plane *wp, const steps *st,                       \
                                               const vela_image_plane *src, const vela_image_plane *dst,        \
                                               int32_t r0, int32_t r1)                                          \
    {                                                                                                           \
        plane_rows(wp, st, src, dst, r0, r1, k, bpp);                                                           \
    }
ROWS_FN(rows_nearest1, K_NEAREST, 1)
ROWS_FN(rows_nearest2, K_NEAREST, 2)
ROWS_FN(rows_nearest3, K_NEAREST, 3)
ROWS_FN(rows_nearest4, K_NEAREST, 4)
ROWS_FN(rows_u8c1, K_U8C1, 1)
ROWS_FN(rows_u8c2, K_U8C2, 2)
ROWS_FN(rows_u8c4, K_U8C4, 4)
ROWS_FN(rows_s16, K_S16, 2)
ROWS_FN(rows_f32, K_F32, 4)
ROWS_FN(rows_cubic1, K_CUBIC1, 1)
ROWS_FN(rows_cubic2, K_CUBIC2, 2)
ROWS_FN(rows_cubic4, K_CUBIC4, 4)

vela_status vl_warp_perspective_neon(const vl_warp_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                                     int32_t y0, int32_t y1)
{
    if (y0 == y1) return VELA_OK;  /* every plan is taken */
    int16_t xy[2 * CHUNK] __attribute__((aligned(16)));
    uint16_t a[CHUNK] __attribute__((aligned(16)));
    steps st;
    for (int p = 0; p < plan->num_planes; p++) {
        const vl_warp_plane *wp = &plan->plane[p];
        const vela_image_plane *sp = &src->planes[p], *dp = &dst->planes[p];
        steps_fill(wp->m, wp->block, &st);
        int32_t bytes = vl_sampler_pixel_bytes(&wp->sampler);
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > wp->height) r1 = wp->height;
        switch (vl_kind_of(&wp->sampler, sp)) {
        case K_NEAREST:
            if (bytes == 1) rows_nearest1(wp, &st, sp, dp, r0, r1);
            else if (bytes == 2) rows_nearest2(wp, &st, sp, dp, r0, r1);
            else if (bytes == 3) rows_nearest3(wp, &st, sp, dp, r0, r1);
            else rows_nearest4(wp, &st, sp, dp, r0, r1);
            continue;
        case K_U8C1: rows_u8c1(wp, &st, sp, dp, r0, r1); continue;
        case K_U8C2: rows_u8c2(wp, &st, sp, dp, r0, r1); continue;
        case K_U8C4: rows_u8c4(wp, &st, sp, dp, r0, r1); continue;
        case K_S16: rows_s16(wp, &st, sp, dp, r0, r1); continue;
        case K_F32: rows_f32(wp, &st, sp, dp, r0, r1); continue;
        case K_CUBIC1: rows_cubic1(wp, &st, sp, dp, r0, r1); continue;
        case K_CUBIC2: rows_cubic2(wp, &st, sp, dp, r0, r1); continue;
        case K_CUBIC4: rows_cubic4(wp, &st, sp, dp, r0, r1); continue;
        default: break;
        }
        /* The kinds sampled pixel by pixel: points into a buffer, then remap's sampler. */
        for (int32_t y = r0; y < r1; y++) {
            uint8_t *row = (uint8_t *)dp->data + (int64_t)y * dp->pitch;
            for (int32_t xb = 0; xb < wp->width; xb += wp->block) {
                int32_t bw = wp->width - xb < wp->block ? wp->width - xb : wp->block;
                for (int32_t c = 0; c < bw; c += CHUNK) {
                    int32_t n = bw - c < CHUNK ? bw - c : CHUNK;
                    block_points(wp, &st, y, xb, bw, c, n, xy, a);
                    vl_sample_row_neon(&wp->sampler, sp, xy, a, row + (int64_t)(xb + c) * bytes, 0, n);
                }
            }
        }
    }
    return VELA_OK;
}
