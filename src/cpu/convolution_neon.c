/* 2D and separable convolution with NEON intrinsics (SIMDe on x86 for the tests), in float with
 * the reference's operations in the reference's order, so the results are byte-identical with
 * convolution_ref.c: products and sums each rounded (vmulq then vaddq, never a fused multiply-add),
 * taps in the order convolution.h states, stores rounded half to even and saturated.
 *
 * Per strip of columns and band of rows (see filter_rows.h), each source row is padded in its own
 * type and converted to float once. The separable pass keeps a ring of kh horizontal results; the
 * 2D one a ring of kh converted rows, which every output row reads kw x kh times. */
#include "common/convolution.h"
#include "cpu/filter_rows.h"
#include "cpu/neon.h"

#define VL_INLINE static inline __attribute__((always_inline))

/* n elements (rounded up to 16) of a padded row of `depth` into floats. */
static void to_float(vl_depth depth, const uint8_t *in, float *out, int32_t n)
{
    for (int32_t e = 0; e < n; e += 16) {
        float32x4_t v[4];
        switch (depth) {
        case VL_DEPTH_U8: {
            uint8x16_t b = vld1q_u8(in + e);
            uint16x8_t lo = vmovl_u8(vget_low_u8(b)), hi = vmovl_u8(vget_high_u8(b));
            v[0] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(lo)));
            v[1] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(lo)));
            v[2] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(hi)));
            v[3] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(hi)));
            break;
        }
        case VL_DEPTH_S16: {
            const int16_t *s = (const int16_t *)in + e;
            int16x8_t a = vld1q_s16(s), b = vld1q_s16(s + 8);
            v[0] = vcvtq_f32_s32(vmovl_s16(vget_low_s16(a)));
            v[1] = vcvtq_f32_s32(vmovl_s16(vget_high_s16(a)));
            v[2] = vcvtq_f32_s32(vmovl_s16(vget_low_s16(b)));
            v[3] = vcvtq_f32_s32(vmovl_s16(vget_high_s16(b)));
            break;
        }
        case VL_DEPTH_F16: {
            const uint16_t *s = (const uint16_t *)in + e;
            for (int k = 0; k < 4; k++) v[k] = vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(s + 4 * k)));
            break;
        }
        default: {
            const float *s = (const float *)in + e;
            for (int k = 0; k < 4; k++) v[k] = vld1q_f32(s + 4 * k);
            break;
        }
        }
        for (int k = 0; k < 4; k++) vst1q_f32(out + e + 4 * k, v[k]);
    }
}

/* Half to even, then to int32: FCVTZS saturates and turns NaN into 0 (SIMDe does the same), and
 * the saturating narrows that follow clamp to the type: the reference's NaN -> 0, clamp, round. */
static inline int32x4_t round_s32(float32x4_t v) { return vcvtq_s32_f32(vrndnq_f32(v)); }

/* 16 floats to the format at element e of out; only the first n - e when fewer remain. */
static void store16(vl_depth depth, uint8_t *out, int32_t e, int32_t n, const float32x4_t v[4])
{
    _Alignas(16) uint8_t tmp[64];
    const int32_t eb = vl_depth_bytes(depth);
    const bool whole = e + 16 <= n;
    uint8_t *d = whole ? out + (size_t)e * eb : tmp;
    switch (depth) {
    case VL_DEPTH_U8: {
        uint16x8_t a = vcombine_u16(vqmovun_s32(round_s32(v[0])), vqmovun_s32(round_s32(v[1])));
        uint16x8_t b = vcombine_u16(vqmovun_s32(round_s32(v[2])), vqmovun_s32(round_s32(v[3])));
        vst1q_u8(d, vcombine_u8(vqmovn_u16(a), vqmovn_u16(b)));
        break;
    }
    case VL_DEPTH_S16:
        vst1q_s16((int16_t *)d, vcombine_s16(vqmovn_s32(round_s32(v[0])), vqmovn_s32(round_s32(v[1]))));
        vst1q_s16((int16_t *)d + 8, vcombine_s16(vqmovn_s32(round_s32(v[2])), vqmovn_s32(round_s32(v[3]))));
        break;
    case VL_DEPTH_F16:
        for (int k = 0; k < 4; k++) vst1_u16((uint16_t *)d + 4 * k, vreinterpret_u16_f16(vcvt_f16_f32(v[k])));
        break;
    default:
        for (int k = 0; k < 4; k++) vst1q_f32((float *)d + 4 * k, v[k]);
        break;
    }
    if (!whole) memcpy(out + (size_t)e * eb, tmp, (size_t)(n - e) * eb);
}

/* ---- separable ------------------------------------------------------------------------------ */

/* h[e] = kx[0] f[e]; h[e] = h[e] + kx[i] f[e + i] for the 16 elements at e. */
static void horizontal(const float *f, float *h, int32_t n, const float *k, int32_t kw)
{
    for (int32_t e = 0; e < n; e += 16) {
        const float *p = f + e;
        float32x4_t a0 = vmulq_n_f32(vld1q_f32(p), k[0]), a1 = vmulq_n_f32(vld1q_f32(p + 4), k[0]);
        float32x4_t a2 = vmulq_n_f32(vld1q_f32(p + 8), k[0]), a3 = vmulq_n_f32(vld1q_f32(p + 12), k[0]);
        for (int32_t i = 1; i < kw; i++) {
            a0 = vaddq_f32(a0, vmulq_n_f32(vld1q_f32(p + i), k[i]));
            a1 = vaddq_f32(a1, vmulq_n_f32(vld1q_f32(p + i + 4), k[i]));
            a2 = vaddq_f32(a2, vmulq_n_f32(vld1q_f32(p + i + 8), k[i]));
            a3 = vaddq_f32(a3, vmulq_n_f32(vld1q_f32(p + i + 12), k[i]));
        }
        vst1q_f32(h + e, a0);
        vst1q_f32(h + e + 4, a1);
        vst1q_f32(h + e + 8, a2);
        vst1q_f32(h + e + 12, a3);
    }
}

static void vertical(const float *const *rows, uint8_t *out, int32_t n, const float *k, int32_t kh, vl_depth depth)
{
    for (int32_t e = 0; e < n; e += 16) {
        float32x4_t v[4];
        for (int q = 0; q < 4; q++) v[q] = vmulq_n_f32(vld1q_f32(rows[0] + e + 4 * q), k[0]);
        for (int32_t j = 1; j < kh; j++)
            for (int q = 0; q < 4; q++) v[q] = vaddq_f32(v[q], vmulq_n_f32(vld1q_f32(rows[j] + e + 4 * q), k[j]));
        store16(depth, out, e, n, v);
    }
}

/* Rows [y0, y1) of the pixels [x0, x0 + px); ring rows are `stride` floats apart. */
static void sep_strip(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                      int32_t y1, int32_t x0, int32_t px, int32_t stride, uint8_t *scratch)
{
    const vl_filter_shape *s = &p->s;
    const int32_t kw = s->kw, kh = s->kh, ay = kh / 2;
    const int32_t nv = (px + 15) / 16 * 16, padded = (nv + kw - 1 + 15) / 16 * 16;
    float *ring = (float *)scratch;                    /* kh rows of `stride` */
    float *f = ring + (size_t)kh * stride;             /* the padded row in float */
    uint8_t *pad = (uint8_t *)(f + padded);            /* the padded row in its type */
    uint8_t fill[16];
    vl_filter_fill_pixel(s, fill);

    for (int32_t r = y0 - ay; r < y0 - ay + kh - 1; r++) {
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        to_float(s->depth, pad, f, padded);
        horizontal(f, ring + (size_t)vl_filter_slot(r, kh) * stride, nv, p->kx, kw);
    }
    const float *rows[VELA_FILTER_MAX_KERNEL];
    for (int32_t y = y0; y < y1; y++) {
        int32_t r = y - ay + kh - 1;
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        to_float(s->depth, pad, f, padded);
        horizontal(f, ring + (size_t)vl_filter_slot(r, kh) * stride, nv, p->kx, kw);
        for (int32_t j = 0; j < kh; j++) rows[j] = ring + (size_t)vl_filter_slot(y - ay + j, kh) * stride;
        vertical(rows, vl_filter_out_row(dst, y) + (size_t)x0 * vl_depth_bytes(s->depth), px, p->ky, kh, s->depth);
    }
}

vela_status vl_sepconv_neon(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst,
                            int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    if (y0 >= y1) return VELA_OK;  /* every separable plan is taken */
    const int32_t eb = vl_depth_bytes(s->depth);
    /* Per pixel: the ring, the float padded row and the typed one; besides, their overhang. */
    const int32_t px = vl_filter_strip(s, 4 * s->kh + 4 + eb, (s->kw + 32) * (4 + eb) + VL_FILTER_SLACK);
    _Alignas(16) uint8_t scratch[VL_FILTER_SCRATCH];
    for (int32_t x0 = 0; x0 < s->width; x0 += px)
        sep_strip(p, src, dst, y0, y1, x0, s->width - x0 < px ? s->width - x0 : px, px, scratch);
    return VELA_OK;
}

/* ---- 2D ------------------------------------------------------------------------------------- */

static void conv_row(const float *const *rows, uint8_t *out, int32_t n, const float *k, int32_t kw, int32_t kh,
                     vl_depth depth)
{
    for (int32_t e = 0; e < n; e += 16) {
        float32x4_t v[4];
        for (int q = 0; q < 4; q++) v[q] = vmulq_n_f32(vld1q_f32(rows[0] + e + 4 * q), k[0]);
        for (int32_t t = 1; t < kw * kh; t++) {
            const float *p = rows[t / kw] + e + t % kw;
            for (int q = 0; q < 4; q++) v[q] = vaddq_f32(v[q], vmulq_n_f32(vld1q_f32(p + 4 * q), k[t]));
        }
        store16(depth, out, e, n, v);
    }
}

/* Rows [y0, y1) of the pixels [x0, x0 + px). */
static void conv_strip(const vl_conv2d_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                       int32_t y1, int32_t x0, int32_t px, uint8_t *scratch)
{
    const vl_filter_shape *s = &p->s;
    const int32_t kh = s->kh, ay = kh / 2;
    const int32_t stride = ((px + 15) / 16 * 16 + s->kw - 1 + 15) / 16 * 16;  /* a padded row, vector overrun included */
    float *ring = (float *)scratch;                         /* kh padded rows */
    uint8_t *pad = (uint8_t *)(ring + (size_t)kh * stride);
    uint8_t fill[16];
    vl_filter_fill_pixel(s, fill);

    for (int32_t r = y0 - ay; r < y0 - ay + kh - 1; r++) {
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        to_float(s->depth, pad, ring + (size_t)vl_filter_slot(r, kh) * stride, stride);
    }
    const float *rows[VELA_CONVOLUTION_MAX_KERNEL];
    for (int32_t y = y0; y < y1; y++) {
        int32_t r = y - ay + kh - 1;
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        to_float(s->depth, pad, ring + (size_t)vl_filter_slot(r, kh) * stride, stride);
        for (int32_t j = 0; j < kh; j++) rows[j] = ring + (size_t)vl_filter_slot(y - ay + j, kh) * stride;
        conv_row(rows, vl_filter_out_row(dst, y) + (size_t)x0 * vl_depth_bytes(s->depth), px, p->k, s->kw, kh, s->depth);
    }
}

vela_status vl_conv2d_neon(const vl_conv2d_plan *p, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    if (y0 >= y1) return VELA_OK;  /* every 2D plan is taken */
    const int32_t eb = vl_depth_bytes(s->depth);
    /* Per pixel: kh float rows and the typed padded row; besides, their overhang and slack. */
    const int32_t px = vl_filter_strip(s, 4 * s->kh + eb, (s->kw + 32) * (4 * s->kh + eb) + VL_FILTER_SLACK);
    _Alignas(16) uint8_t scratch[VL_FILTER_SCRATCH];
    for (int32_t x0 = 0; x0 < s->width; x0 += px)
        conv_strip(p, src, dst, y0, y1, x0, s->width - x0 < px ? s->width - x0 : px, scratch);
    return VELA_OK;
}
