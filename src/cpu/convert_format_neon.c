/* Format conversion with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Each row kernel converts the part of its row that whole vectors of 16 pixels cover and returns
 * where it stopped; the reference row function finishes the row from there. The vector loops thus
 * have no edge cases, and no load or store leaves the row whatever the width, pitch or alignment.
 * Results are byte-identical with convert_format_ref.c: the same integer formulas, and the same
 * float operations rounded the same way (no FMA: the library builds with -ffp-contract=off). */
#include "common/convert_format.h"
#include "cpu/neon.h"

#include <string.h>

/* One loop body, specialised by the compiler for each layout and channel count passed as a
 * constant, so the loops carry no per-pixel decisions. */
#define VL_INLINE static inline __attribute__((always_inline))

/* 16 pixels of 3 or 4 interleaved channels; a 3-channel load gets alpha 255. */
VL_INLINE uint8x16x4_t load_px(const uint8_t *s, int n)
{
    if (n == 4) return vld4q_u8(s);
    uint8x16x3_t c = vld3q_u8(s);
    return (uint8x16x4_t){ { c.val[0], c.val[1], c.val[2], vdupq_n_u8(255) } };
}

VL_INLINE void store_px(uint8_t *d, uint8x16x4_t px, int n)
{
    uint8x16x3_t rgb = { { px.val[0], px.val[1], px.val[2] } };
    if (n == 4) vst4q_u8(d, px);
    else vst3q_u8(d, rgb);
}

/* ---- YUV -> RGB ----------------------------------------------------------------------------- */

enum yuv_layout { NV12_LAYOUT, I420_LAYOUT, YUYV_LAYOUT, UYVY_LAYOUT };

/* 16 pixels as their even and odd luma and the chroma of their 8 pairs: each pair's chroma terms
 * are computed once and serve both of its pixels, which are zipped back into order at the end. */
typedef struct yuv16 { uint8x8_t y_even, y_odd, u, v; } yuv16;

VL_INLINE yuv16 load_yuv16(enum yuv_layout layout, const vl_yuv_row *s, int32_t x)
{
    if (layout == YUYV_LAYOUT || layout == UYVY_LAYOUT) {
        /* Y0 U Y1 V (or U Y0 V Y1) for 8 pairs; the row starts at y for YUYV, at u for UYVY. */
        int u = layout == YUYV_LAYOUT;  /* where U is in a pair's four bytes */
        uint8x8x4_t q = vld4_u8((layout == YUYV_LAYOUT ? s->y : s->u) + 2 * x);
        return (yuv16){ q.val[1 - u], q.val[3 - u], q.val[u], q.val[u + 2] };
    }
    uint8x8x2_t y = vld2_u8(s->y + x);
    if (layout == I420_LAYOUT) return (yuv16){ y.val[0], y.val[1], vld1_u8(s->u + x / 2), vld1_u8(s->v + x / 2) };
    uint8x8x2_t uv = vld2_u8(s->u + x);
    return (yuv16){ y.val[0], y.val[1], uv.val[0], uv.val[1] };
}

/* The plan's coefficients by output channel: channel 0 is red (from v) or blue (from u), so the
 * chroma sample a channel uses is picked once per 16 pixels by `blue_first`, not per store. */
typedef struct yuv_consts {
    uint8x8_t y_offset, blue_first;
    int32x4_t y_mul, round;
    int32_t k0, k2, g0, g2;  /* channel 0 = k0 a, channel 2 = k2 b, green = g0 a + g2 b */
} yuv_consts;

static yuv_consts yuv_consts_of(const vl_convert_plan *p)
{
    const vl_yuv_coeffs *c = &p->yuv;
    int blue = p->dst_red == 2;
    return (yuv_consts){ vdup_n_u8((uint8_t)c->y_offset), vdup_n_u8(blue ? 0xff : 0),
                         vdupq_n_s32(c->y_mul), vdupq_n_s32(1 << (VL_YUV_SHIFT - 1)),
                         blue ? c->b_u : c->r_v, blue ? c->r_v : c->b_u,
                         blue ? c->g_u : c->g_v, blue ? c->g_v : c->g_u };
}

static inline int32x4_t lo_s32(int16x8_t v) { return vmovl_s16(vget_low_s16(v)); }
static inline int32x4_t hi_s32(int16x8_t v) { return vmovl_s16(vget_high_s16(v)); }

/* max(0, Y - offset) * y_mul + 2^19: the subtraction saturates at 0 in 8 bits, the product needs 32,
 * and the rounding term rides along (the chroma terms then need none). */
static inline void luma_q20(const yuv_consts *k, uint8x8_t y, int32x4_t out[2])
{
    int16x8_t v = vreinterpretq_s16_u16(vmovl_u8(vqsub_u8(y, k->y_offset)));
    out[0] = vmlaq_s32(k->round, lo_s32(v), k->y_mul);
    out[1] = vmlaq_s32(k->round, hi_s32(v), k->y_mul);
}

/* (luma + chroma) >> 20 saturated to [0, 255], for 4 pixels to 16 bits: a narrowing shift goes to
 * 16 at most, so it takes two: this one clears negative sums, yuv_channel's saturates large ones. */
static inline uint16x4_t q20_to_u16(int32x4_t luma, int32x4_t chroma)
{
    return vqshrun_n_s32(vaddq_s32(luma, chroma), 16);
}

/* One channel of 16 pixels from the luma of the even and odd pixels and the chroma term of the
 * pairs; zipping the even and odd results restores pixel order. */
static inline uint8x16_t yuv_channel(const int32x4_t ye[2], const int32x4_t yo[2], int32x4_t c_lo, int32x4_t c_hi)
{
    uint16x8x2_t z = vzipq_u16(vcombine_u16(q20_to_u16(ye[0], c_lo), q20_to_u16(ye[1], c_hi)),
                               vcombine_u16(q20_to_u16(yo[0], c_lo), q20_to_u16(yo[1], c_hi)));
    return vcombine_u8(vqshrn_n_u16(z.val[0], VL_YUV_SHIFT - 16), vqshrn_n_u16(z.val[1], VL_YUV_SHIFT - 16));
}

static inline uint8x16x4_t yuv_to_rgb16(const yuv_consts *k, yuv16 px)
{
    const uint8x8_t bias = vdup_n_u8(128);
    int16x8_t a = vreinterpretq_s16_u16(vsubl_u8(vbsl_u8(k->blue_first, px.u, px.v), bias));
    int16x8_t b = vreinterpretq_s16_u16(vsubl_u8(vbsl_u8(k->blue_first, px.v, px.u), bias));
    int32x4_t a_lo = lo_s32(a), a_hi = hi_s32(a), b_lo = lo_s32(b), b_hi = hi_s32(b);
    int32x4_t ye[2], yo[2];
    luma_q20(k, px.y_even, ye);
    luma_q20(k, px.y_odd, yo);
    return (uint8x16x4_t){ {
        yuv_channel(ye, yo, vmulq_n_s32(a_lo, k->k0), vmulq_n_s32(a_hi, k->k0)),
        yuv_channel(ye, yo, vmlaq_n_s32(vmulq_n_s32(a_lo, k->g0), b_lo, k->g2),
                    vmlaq_n_s32(vmulq_n_s32(a_hi, k->g0), b_hi, k->g2)),
        yuv_channel(ye, yo, vmulq_n_s32(b_lo, k->k2), vmulq_n_s32(b_hi, k->k2)),
        vdupq_n_u8(255),
    } };
}

VL_INLINE int32_t yuv_to_rgb_loop(const vl_convert_plan *p, const vl_yuv_row *s, uint8_t *d,
                                  enum yuv_layout layout, int n)
{
    const yuv_consts k = yuv_consts_of(p);
    const vl_yuv_row r = *s;  /* copies the dst stores cannot alias, unlike *p and *s */
    const int32_t w = p->width;
    int32_t x = 0;
    for (; x + 16 <= w; x += 16) store_px(d + x * n, yuv_to_rgb16(&k, load_yuv16(layout, &r, x)), n);
    return x;
}

VL_INLINE int32_t yuv_to_rgb_layout(const vl_convert_plan *p, const vl_yuv_row *s, uint8_t *d, enum yuv_layout layout)
{
    return p->dst_channels == 4 ? yuv_to_rgb_loop(p, s, d, layout, 4) : yuv_to_rgb_loop(p, s, d, layout, 3);
}

static int32_t yuv_to_rgb(const vl_convert_plan *p, const vl_yuv_row *s, uint8_t *d)
{
    switch (p->src_format) {
    case VELA_FORMAT_I420: return yuv_to_rgb_layout(p, s, d, I420_LAYOUT);
    case VELA_FORMAT_YUYV: return yuv_to_rgb_layout(p, s, d, YUYV_LAYOUT);
    case VELA_FORMAT_UYVY: return yuv_to_rgb_layout(p, s, d, UYVY_LAYOUT);
    default: return yuv_to_rgb_layout(p, s, d, NV12_LAYOUT);
    }
}

static int32_t yuv_to_gray(const vl_convert_plan *p, const vl_yuv_row *s, uint8_t *d)
{
    int32_t x = 0, w = p->width;
    if (s->y_step == 1) {  /* a luma plane: the row is the answer, and memcpy copies it fastest */
        memcpy(d, s->y, (size_t)w);
        return w;
    }
    const uint8_t *y = s->y, *u = s->u;
    if (p->src_format == VELA_FORMAT_YUYV)
        for (; x + 16 <= w; x += 16) vst1q_u8(d + x, vld2q_u8(y + 2 * x).val[0]);
    else  /* UYVY: luma in the odd bytes of the row, which starts at u */
        for (; x + 16 <= w; x += 16) vst1q_u8(d + x, vld2q_u8(u + 2 * x).val[1]);
    return x;
}

/* ---- RGB <-> RGB, gray ---------------------------------------------------------------------- */

VL_INLINE int32_t rgb_to_rgb_loop(int32_t w, const uint8_t *s, uint8_t *d, int sn, int dn, int swap)
{
    int32_t x = 0;
    for (; x + 16 <= w; x += 16) {
        uint8x16x4_t px = load_px(s + x * sn, sn);
        if (swap) {
            uint8x16_t t = px.val[0];
            px.val[0] = px.val[2];
            px.val[2] = t;
        }
        store_px(d + x * dn, px, dn);
    }
    return x;
}

VL_INLINE int32_t rgb_to_rgb_from(const vl_convert_plan *p, const uint8_t *s, uint8_t *d, int sn)
{
    int32_t w = p->width;
    if (p->src_red != p->dst_red)
        return p->dst_channels == 4 ? rgb_to_rgb_loop(w, s, d, sn, 4, 1) : rgb_to_rgb_loop(w, s, d, sn, 3, 1);
    return p->dst_channels == 4 ? rgb_to_rgb_loop(w, s, d, sn, 4, 0) : rgb_to_rgb_loop(w, s, d, sn, 3, 0);
}

static int32_t rgb_to_rgb(const vl_convert_plan *p, const uint8_t *s, uint8_t *d)
{
    if (p->src_channels == p->dst_channels && p->src_red == p->dst_red) {  /* same layout */
        memcpy(d, s, (size_t)p->width * p->src_channels);
        return p->width;
    }
    return p->src_channels == 4 ? rgb_to_rgb_from(p, s, d, 4) : rgb_to_rgb_from(p, s, d, 3);
}

/* (w0 c0 + w1 c1 + w2 c2 + 2^14) >> 15 for 8 pixels: Q15 weights need 16x16 -> 32-bit products,
 * and the rounding narrowing shift is exactly the reference's half-up rounding. */
static inline uint16x4_t gray_q15(uint16x4_t c0, uint16x4_t c1, uint16x4_t c2, const uint16_t w[3])
{
    return vrshrn_n_u32(vmlal_n_u16(vmlal_n_u16(vmull_n_u16(c0, w[0]), c1, w[1]), c2, w[2]), VL_GRAY_SHIFT);
}

static inline uint8x8_t gray8(uint8x8_t c0, uint8x8_t c1, uint8x8_t c2, const uint16_t w[3])
{
    uint16x8_t a = vmovl_u8(c0), b = vmovl_u8(c1), c = vmovl_u8(c2);
    return vmovn_u16(vcombine_u16(gray_q15(vget_low_u16(a), vget_low_u16(b), vget_low_u16(c), w),
                                  gray_q15(vget_high_u16(a), vget_high_u16(b), vget_high_u16(c), w)));
}

VL_INLINE int32_t rgb_to_gray_loop(const vl_convert_plan *p, const uint8_t *s, uint8_t *d, int n)
{
    /* weights by channel position, so that BGR needs no shuffle */
    const int blue = p->src_red == 2;
    const uint16_t w[3] = { (uint16_t)(blue ? p->gray_b : p->gray_r), (uint16_t)p->gray_g,
                            (uint16_t)(blue ? p->gray_r : p->gray_b) };
    const int32_t width = p->width;
    int32_t x = 0;
    for (; x + 16 <= width; x += 16) {
        uint8x16x4_t px = load_px(s + x * n, n);
        vst1q_u8(d + x, vcombine_u8(gray8(vget_low_u8(px.val[0]), vget_low_u8(px.val[1]), vget_low_u8(px.val[2]), w),
                                    gray8(vget_high_u8(px.val[0]), vget_high_u8(px.val[1]), vget_high_u8(px.val[2]), w)));
    }
    return x;
}

static int32_t rgb_to_gray(const vl_convert_plan *p, const uint8_t *s, uint8_t *d)
{
    return p->src_channels == 4 ? rgb_to_gray_loop(p, s, d, 4) : rgb_to_gray_loop(p, s, d, 3);
}

VL_INLINE int32_t gray_to_rgb_loop(int32_t w, const uint8_t *s, uint8_t *d, int n)
{
    int32_t x = 0;
    for (; x + 16 <= w; x += 16) {
        uint8x16_t g = vld1q_u8(s + x);
        store_px(d + x * n, (uint8x16x4_t){ { g, g, g, vdupq_n_u8(255) } }, n);
    }
    return x;
}

static int32_t gray_to_rgb(const vl_convert_plan *p, const uint8_t *s, uint8_t *d)
{
    return p->dst_channels == 4 ? gray_to_rgb_loop(p->width, s, d, 4) : gray_to_rgb_loop(p->width, s, d, 3);
}

/* ---- bit depths ----------------------------------------------------------------------------- */

static inline float32x4x4_t u16x16_f32(uint16x8_t a, uint16x8_t b)
{
    return (float32x4x4_t){ { vcvtq_f32_u32(vmovl_u16(vget_low_u16(a))), vcvtq_f32_u32(vmovl_u16(vget_high_u16(a))),
                              vcvtq_f32_u32(vmovl_u16(vget_low_u16(b))), vcvtq_f32_u32(vmovl_u16(vget_high_u16(b))) } };
}

static inline float32x4x4_t s16x16_f32(int16x8_t a, int16x8_t b)
{
    return (float32x4x4_t){ { vcvtq_f32_s32(vmovl_s16(vget_low_s16(a))), vcvtq_f32_s32(vmovl_s16(vget_high_s16(a))),
                              vcvtq_f32_s32(vmovl_s16(vget_low_s16(b))), vcvtq_f32_s32(vmovl_s16(vget_high_s16(b))) } };
}

static inline float32x4_t f16_f32(uint16x4_t v) { return vcvt_f32_f16(vreinterpret_f16_u16(v)); }

/* 16 elements as float; every source value is exact in float. */
VL_INLINE float32x4x4_t load_f32x16(vl_depth depth, const void *row, int32_t x)
{
    const uint16_t *h = (const uint16_t *)row + x;
    switch (depth) {
    case VL_DEPTH_U8: {
        uint8x16_t v = vld1q_u8((const uint8_t *)row + x);
        return u16x16_f32(vmovl_u8(vget_low_u8(v)), vmovl_u8(vget_high_u8(v)));
    }
    case VL_DEPTH_S16: return s16x16_f32(vld1q_s16((const int16_t *)h), vld1q_s16((const int16_t *)h + 8));
    case VL_DEPTH_U16: return u16x16_f32(vld1q_u16(h), vld1q_u16(h + 8));
    case VL_DEPTH_F16: {
        uint16x8_t a = vld1q_u16(h), b = vld1q_u16(h + 8);
        return (float32x4x4_t){ { f16_f32(vget_low_u16(a)), f16_f32(vget_high_u16(a)),
                                  f16_f32(vget_low_u16(b)), f16_f32(vget_high_u16(b)) } };
    }
    default: {  /* F32 */
        const float *f = (const float *)row + x;
        return (float32x4x4_t){ { vld1q_f32(f), vld1q_f32(f + 4), vld1q_f32(f + 8), vld1q_f32(f + 12) } };
    }
    }
}

/* Half to even, then to int32. FCVTZS saturates out-of-range values and turns NaN into 0 (SIMDe
 * does the same), and the saturating narrows that follow clamp to the output type: since the
 * bounds are integers, that is the reference's NaN -> 0, clamp, then round, in two instructions
 * (vcvtnq_s32_f32 would make it one, but SIMDe lacks it). */
static inline int32x4_t round_s32(float32x4_t v) { return vcvtq_s32_f32(vrndnq_f32(v)); }

static inline uint16x4_t f32_f16(float32x4_t v)
{
    uint16x4_t h = vreinterpret_u16_f16(vcvt_f16_f32(v));
#ifdef SIMDE_VERSION
    /* SIMDe turns every NaN into the default one, where ARM, like the reference, keeps the top
     * bits of its payload: put them back (a no-op for ARM, so only here). */
    uint16x4_t nan = vmovn_u32(vmvnq_u32(vceqq_f32(v, v)));
    h = vorr_u16(h, vand_u16(nan, vand_u16(vshrn_n_u32(vreinterpretq_u32_f32(v), 13), vdup_n_u16(0x1ff))));
#endif
    return h;
}

VL_INLINE void store_f32x16(vl_depth depth, void *row, int32_t x, float32x4x4_t v)
{
    uint16_t *h = (uint16_t *)row + x;
    int32x4_t r[4];
    if (depth != VL_DEPTH_F16 && depth != VL_DEPTH_F32)
        for (int k = 0; k < 4; k++) r[k] = round_s32(v.val[k]);
    switch (depth) {
    case VL_DEPTH_U8:
        vst1q_u8((uint8_t *)row + x,
                 vcombine_u8(vqmovn_u16(vcombine_u16(vqmovun_s32(r[0]), vqmovun_s32(r[1]))),
                             vqmovn_u16(vcombine_u16(vqmovun_s32(r[2]), vqmovun_s32(r[3])))));
        break;
    case VL_DEPTH_S16:
        vst1q_s16((int16_t *)row + x, vcombine_s16(vqmovn_s32(r[0]), vqmovn_s32(r[1])));
        vst1q_s16((int16_t *)row + x + 8, vcombine_s16(vqmovn_s32(r[2]), vqmovn_s32(r[3])));
        break;
    case VL_DEPTH_U16:  /* through s32: vcvtq_u32_f32 is wrong in SIMDe from 2^31 up */
        vst1q_u16(h, vcombine_u16(vqmovun_s32(r[0]), vqmovun_s32(r[1])));
        vst1q_u16(h + 8, vcombine_u16(vqmovun_s32(r[2]), vqmovun_s32(r[3])));
        break;
    case VL_DEPTH_F16:
        vst1q_u16(h, vcombine_u16(f32_f16(v.val[0]), f32_f16(v.val[1])));
        vst1q_u16(h + 8, vcombine_u16(f32_f16(v.val[2]), f32_f16(v.val[3])));
        break;
    default: {  /* F32 */
        float *f = (float *)row + x;
        for (int k = 0; k < 4; k++) vst1q_f32(f + 4 * k, v.val[k]);
        break;
    }
    }
}

VL_INLINE int32_t depth_loop(const vl_convert_plan *p, const void *s, void *d, vl_depth sd, vl_depth dd)
{
    const float32x4_t scale = vdupq_n_f32(p->scale), offset = vdupq_n_f32(p->offset);
    const int32_t w = p->width;
    int32_t x = 0;
    for (; x + 16 <= w; x += 16) {
        float32x4x4_t v = load_f32x16(sd, s, x);
        for (int k = 0; k < 4; k++) v.val[k] = vaddq_f32(vmulq_f32(v.val[k], scale), offset);  /* as the reference: not fused */
        store_f32x16(dd, d, x, v);
    }
    return x;
}

VL_INLINE int32_t depth_from(const vl_convert_plan *p, const void *s, void *d, vl_depth sd)
{
    switch (p->dst_depth) {
    case VL_DEPTH_U8: return depth_loop(p, s, d, sd, VL_DEPTH_U8);
    case VL_DEPTH_S16: return depth_loop(p, s, d, sd, VL_DEPTH_S16);
    case VL_DEPTH_U16: return depth_loop(p, s, d, sd, VL_DEPTH_U16);
    case VL_DEPTH_F16: return depth_loop(p, s, d, sd, VL_DEPTH_F16);
    case VL_DEPTH_F32: return depth_loop(p, s, d, sd, VL_DEPTH_F32);
    default: return 0;  /* not a depth the plan makes: the reference does the row */
    }
}

static int32_t depth(const vl_convert_plan *p, const void *s, void *d)
{
    switch (p->src_depth) {
    case VL_DEPTH_U8: return depth_from(p, s, d, VL_DEPTH_U8);
    case VL_DEPTH_S16: return depth_from(p, s, d, VL_DEPTH_S16);
    case VL_DEPTH_U16: return depth_from(p, s, d, VL_DEPTH_U16);
    case VL_DEPTH_F16: return depth_from(p, s, d, VL_DEPTH_F16);
    case VL_DEPTH_F32: return depth_from(p, s, d, VL_DEPTH_F32);
    default: return 0;
    }
}

/* ---- dispatch: vectors for the body of each row, the reference for its tail ----------------- */

vela_status vl_convert_format_neon(const vl_convert_plan *p, const vela_image_data *src,
                                   const vela_image_data *dst, int32_t y0, int32_t y1)
{
    for (int32_t row = y0; row < y1; row++) {
        const uint8_t *s = (const uint8_t *)src->planes[0].data + (int64_t)row * src->planes[0].pitch;
        uint8_t *d = (uint8_t *)dst->planes[0].data + (int64_t)row * dst->planes[0].pitch;
        vl_yuv_row yuv;
        switch (p->kind) {
        case VL_CONVERT_YUV_TO_RGB:
            yuv = vl_yuv_row_at(src, row);
            vl_yuv_to_rgb_row_ref(p, &yuv, d, yuv_to_rgb(p, &yuv, d), p->width);
            break;
        case VL_CONVERT_YUV_TO_GRAY:
            yuv = vl_yuv_row_at(src, row);
            vl_yuv_to_gray_row_ref(&yuv, d, yuv_to_gray(p, &yuv, d), p->width);
            break;
        case VL_CONVERT_RGB_TO_RGB: vl_rgb_to_rgb_row_ref(p, s, d, rgb_to_rgb(p, s, d), p->width); break;
        case VL_CONVERT_RGB_TO_GRAY: vl_rgb_to_gray_row_ref(p, s, d, rgb_to_gray(p, s, d), p->width); break;
        case VL_CONVERT_GRAY_TO_RGB: vl_gray_to_rgb_row_ref(p, s, d, gray_to_rgb(p, s, d), p->width); break;
        case VL_CONVERT_DEPTH: vl_depth_row_ref(p, s, d, depth(p, s, d), p->width); break;
        }
    }
    return VELA_OK;
}
