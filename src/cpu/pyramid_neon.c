/* One pyramid level down with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 * Byte-identical with pyramid_ref.c.
 *
 * As cv::pyrDown: a horizontal pass filters and decimates each source row the band needs into a
 * ring of five rows (U8: u16 sums, which hold 16 x 255; S16: int32; F32: float), and a vertical
 * pass combines five of them into a destination row; two new source rows per destination row.
 * Both run over column chunks of at most CHUNK destination values, so that the ring lives on the
 * stack. The horizontal pass splits each source vector into its even and odd samples (vld2 on
 * ARM64, unzips elsewhere: SIMDe's vld2 is slower than its unzips), whose neighbours are then a
 * vext away; columns whose taps cross the border, and 3-channel rows, go one by one. */
#include "common/pyramid.h"
#include "cpu/neon.h"

#include "common/border.h"

#include <limits.h>
#include <string.h>

#define CHUNK 512

#if defined(__aarch64__)
#  define VL_ARM64 1
#else
#  define VL_ARM64 0
#endif

static const uint8_t *src_row(const vela_image_data *d, int32_t y)
{
    return (const uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

/* The source columns of a chunk's destination pixels, through the border, times the channels. */
typedef struct pyr_cols {
    int32_t px0, px1, n;   /* destination pixels [px0, px1), n values */
    int32_t col[CHUNK][5];
    int32_t v0, v1;        /* pixels [v0, v1) of the chunk take the vector path */
} pyr_cols;

/* ---- horizontal pass ------------------------------------------------------------------------- */

/* Pixels [x, x + g) read source elements [(2x - 2) cn, (2x - 2) cn + span) without the border. */
static void pyr_cols_build(const vl_pyr_plan *p, int32_t px0, int32_t px1, int32_t g, int32_t span, pyr_cols *c)
{
    const int32_t cn = p->channels;
    c->px0 = px0, c->px1 = px1, c->n = (px1 - px0) * cn;
    for (int32_t x = px0; x < px1; x++)
        for (int32_t k = 0; k < 5; k++) c->col[x - px0][k] = vl_border_index(p->border, 2 * x - 2 + k, p->src_w) * cn;
    int32_t v0 = px0 > 1 ? px0 : 1, v1 = v0;
    if (g)
        while (v1 + g <= px1 && (2 * v1 - 2) * cn + span <= p->src_w * cn) v1 += g;
    c->v0 = v0, c->v1 = v1 > v0 ? v1 : v0;
    if (c->v1 == c->v0) c->v0 = c->v1 = px0;
}

/* Even and odd elements of 2 x 16 bytes. */
static inline uint8x16x2_t deinterleave_u8(const uint8_t *s)
{
#if VL_ARM64
    return vld2q_u8(s);
#else
    uint8x16_t a = vld1q_u8(s), b = vld1q_u8(s + 16);
    return (uint8x16x2_t){ { vuzp1q_u8(a, b), vuzp2q_u8(a, b) } };
#endif
}

static inline uint16x8_t widen8(uint8x16_t v)
{
#if VL_ARM64
    return vmovl_u8(vget_low_u8(v));
#else
    return vreinterpretq_u16_u8(vzip1q_u8(v, vdupq_n_u8(0)));
#endif
}

static inline uint16x8_t widen8_hi(uint8x16_t v)
{
#if VL_ARM64
    return vmovl_high_u8(v);
#else
    return vreinterpretq_u16_u8(vzip2q_u8(v, vdupq_n_u8(0)));
#endif
}

/* e + 4 (o + o1) + 6 e1 + e2: the 5 taps of 8 outputs from their 8-bit neighbours, in u16. */
static inline uint16x8_t taps5_u16(uint16x8_t e, uint16x8_t o, uint16x8_t o1, uint16x8_t e1, uint16x8_t e2)
{
    return vmlaq_n_u16(vaddq_u16(vaddq_u16(e, e2), vshlq_n_u16(vaddq_u16(o, o1), 2)), e1, 6);
}

static void hpass_scalar_int(const vl_pyr_plan *p, const pyr_cols *c, const uint8_t *row, int32_t x0, int32_t x1,
                             void *out)
{
    const int32_t cn = p->channels;
    for (int32_t x = x0; x < x1; x++) {
        const int32_t *col = c->col[x - c->px0];
        for (int32_t ch = 0; ch < cn; ch++) {
            int32_t v = (x - c->px0) * cn + ch, r;
            if (p->depth == VL_DEPTH_U8) {
                r = row[col[0] + ch] + 4 * row[col[1] + ch] + 6 * row[col[2] + ch] + 4 * row[col[3] + ch] + row[col[4] + ch];
                ((uint16_t *)out)[v] = (uint16_t)r;
            } else {
                const int16_t *s = (const int16_t *)row;
                r = s[col[0] + ch] + 4 * s[col[1] + ch] + 6 * s[col[2] + ch] + 4 * s[col[3] + ch] + s[col[4] + ch];
                ((int32_t *)out)[v] = r;
            }
        }
    }
}

static void hpass_scalar_f32(const pyr_cols *c, const float *s, int32_t x0, int32_t x1, float *out)
{
    for (int32_t x = x0; x < x1; x++) {
        const int32_t *col = c->col[x - c->px0];
        out[x - c->px0] = ((s[col[2]] * 6 + (s[col[1]] + s[col[3]]) * 4) + s[col[0]]) + s[col[4]];
    }
}

/* U8, one channel: 8 outputs from 32 source bytes. */
static void hpass_u8_c1(const pyr_cols *c, const uint8_t *row, uint16_t *out)
{
    for (int32_t x = c->v0; x < c->v1; x += 8) {
        uint8x16x2_t eo = deinterleave_u8(row + 2 * x - 2);
        uint8x16_t e = eo.val[0], o = eo.val[1];
        vst1q_u16(out + (x - c->px0), taps5_u16(widen8(e), widen8(o), widen8(vextq_u8(o, o, 1)), widen8(vextq_u8(e, e, 1)),
                                                widen8(vextq_u8(e, e, 2))));
    }
}

/* U8, four channels: 4 outputs from 12 source pixels, split into even and odd pixels as 32-bit lanes. */
static void hpass_u8_c4(const pyr_cols *c, const uint8_t *row, uint16_t *out)
{
    for (int32_t x = c->v0; x < c->v1; x += 4) {
        const uint8_t *s = row + (2 * x - 2) * 4;
        uint32x4_t a = vreinterpretq_u32_u8(vld1q_u8(s)), b = vreinterpretq_u32_u8(vld1q_u8(s + 16));
        uint32x4_t cc = vreinterpretq_u32_u8(vld1q_u8(s + 32));
        uint32x4_t e = vuzp1q_u32(a, b), o = vuzp2q_u32(a, b), en = vuzp1q_u32(cc, cc), on = vuzp2q_u32(cc, cc);
        uint8x16_t e0 = vreinterpretq_u8_u32(e), o0 = vreinterpretq_u8_u32(o);
        uint8x16_t e1 = vreinterpretq_u8_u32(vextq_u32(e, en, 1)), e2 = vreinterpretq_u8_u32(vextq_u32(e, en, 2));
        uint8x16_t o1 = vreinterpretq_u8_u32(vextq_u32(o, on, 1));
        uint16_t *d = out + (x - c->px0) * 4;
        vst1q_u16(d, taps5_u16(widen8(e0), widen8(o0), widen8(o1), widen8(e1), widen8(e2)));
        vst1q_u16(d + 8, taps5_u16(widen8_hi(e0), widen8_hi(o0), widen8_hi(o1), widen8_hi(e1), widen8_hi(e2)));
    }
}

/* S16, one channel: 4 outputs from 16 source elements, in int32. */
static void hpass_s16_c1(const pyr_cols *c, const int16_t *row, int32_t *out)
{
    for (int32_t x = c->v0; x < c->v1; x += 4) {
        const int16_t *s = row + 2 * x - 2;
        int16x8_t a = vld1q_s16(s), b = vld1q_s16(s + 8);
        int16x8_t e = vuzp1q_s16(a, b), o = vuzp2q_s16(a, b);
        int32x4_t e0 = vmovl_s16(vget_low_s16(e)), o0 = vmovl_s16(vget_low_s16(o));
        int32x4_t e1 = vmovl_s16(vget_low_s16(vextq_s16(e, e, 1))), e2 = vmovl_s16(vget_low_s16(vextq_s16(e, e, 2)));
        int32x4_t o1 = vmovl_s16(vget_low_s16(vextq_s16(o, o, 1)));
        int32x4_t r = vmlaq_n_s32(vaddq_s32(vaddq_s32(e0, e2), vshlq_n_s32(vaddq_s32(o0, o1), 2)), e1, 6);
        vst1q_s32(out + (x - c->px0), r);
    }
}

/* F32, one channel: 4 outputs from 12 source elements, in OpenCV's scalar order. */
static void hpass_f32_c1(const pyr_cols *c, const float *row, float *out)
{
    const float32x4_t six = vdupq_n_f32(6.f), four = vdupq_n_f32(4.f);
    for (int32_t x = c->v0; x < c->v1; x += 4) {
        const float *s = row + 2 * x - 2;
        float32x4_t a = vld1q_f32(s), b = vld1q_f32(s + 4), cc = vld1q_f32(s + 8);
        float32x4_t e = vuzp1q_f32(a, b), o = vuzp2q_f32(a, b), en = vuzp1q_f32(cc, cc), on = vuzp2q_f32(cc, cc);
        float32x4_t e1 = vextq_f32(e, en, 1), e2 = vextq_f32(e, en, 2), o1 = vextq_f32(o, on, 1);
        float32x4_t r = vaddq_f32(vaddq_f32(vaddq_f32(vmulq_f32(e1, six), vmulq_f32(vaddq_f32(o, o1), four)), e), e2);
        vst1q_f32(out + (x - c->px0), r);
    }
}

static void hpass(const vl_pyr_plan *p, const pyr_cols *c, const uint8_t *row, void *out)
{
    if (p->depth == VL_DEPTH_F32) {
        hpass_scalar_f32(c, (const float *)row, c->px0, c->v0, out);
        hpass_f32_c1(c, (const float *)row, out);
        hpass_scalar_f32(c, (const float *)row, c->v1, c->px1, out);
        return;
    }
    hpass_scalar_int(p, c, row, c->px0, c->v0, out);
    if (p->depth == VL_DEPTH_S16) hpass_s16_c1(c, (const int16_t *)row, out);
    else if (p->channels == 1) hpass_u8_c1(c, row, out);
    else if (p->channels == 4) hpass_u8_c4(c, row, out);
    hpass_scalar_int(p, c, row, c->v1, c->px1, out);
}

/* ---- vertical pass -------------------------------------------------------------------------- */

static void vpass_u8(const uint16_t *const r[5], uint8_t *out, int32_t n)
{
    int32_t x = 0;
    for (; x + 16 <= n; x += 16) {
        uint16x8_t t[2];
        for (int h = 0; h < 2; h++) {
            const int32_t i = x + 8 * h;
            t[h] = vmlaq_n_u16(vaddq_u16(vaddq_u16(vld1q_u16(r[0] + i), vld1q_u16(r[4] + i)),
                                         vshlq_n_u16(vaddq_u16(vld1q_u16(r[1] + i), vld1q_u16(r[3] + i)), 2)),
                               vld1q_u16(r[2] + i), 6);
        }
#if VL_ARM64
        vst1q_u8(out + x, vcombine_u8(vrshrn_n_u16(t[0], 8), vrshrn_n_u16(t[1], 8)));
#else
        const uint16x8_t half = vdupq_n_u16(128);
        vst1q_u8(out + x, vuzp1q_u8(vreinterpretq_u8_u16(vshrq_n_u16(vaddq_u16(t[0], half), 8)),
                                    vreinterpretq_u8_u16(vshrq_n_u16(vaddq_u16(t[1], half), 8))));
#endif
    }
    for (; x < n; x++) out[x] = (uint8_t)((r[0][x] + r[4][x] + 4 * (r[1][x] + r[3][x]) + 6 * r[2][x] + 128) >> 8);
}

static void vpass_s16(const int32_t *const r[5], int16_t *out, int32_t n)
{
    int32_t x = 0;
    const int32x4_t half = vdupq_n_s32(128);
    for (; x + 8 <= n; x += 8) {
        int32x4_t t[2];
        for (int h = 0; h < 2; h++) {
            const int32_t i = x + 4 * h;
            t[h] = vmlaq_n_s32(vaddq_s32(vaddq_s32(vld1q_s32(r[0] + i), vld1q_s32(r[4] + i)),
                                         vshlq_n_s32(vaddq_s32(vld1q_s32(r[1] + i), vld1q_s32(r[3] + i)), 2)),
                               vld1q_s32(r[2] + i), 6);
            t[h] = vshrq_n_s32(vaddq_s32(t[h], half), 8);
        }
        vst1q_s16(out + x, vuzp1q_s16(vreinterpretq_s16_s32(t[0]), vreinterpretq_s16_s32(t[1])));
    }
    for (; x < n; x++) out[x] = (int16_t)((r[0][x] + r[4][x] + 4 * (r[1][x] + r[3][x]) + 6 * r[2][x] + 128) >> 8);
}

static void vpass_f32(const float *const r[5], float *out, int32_t n)
{
    int32_t x = 0;
    const float32x4_t six = vdupq_n_f32(6.f), four = vdupq_n_f32(4.f), scale = vdupq_n_f32(1.f / 256.f);
    for (; x + 4 <= n; x += 4) {
        float32x4_t t = vaddq_f32(vmulq_f32(vld1q_f32(r[2] + x), six),
                                  vmulq_f32(vaddq_f32(vld1q_f32(r[1] + x), vld1q_f32(r[3] + x)), four));
        t = vaddq_f32(vaddq_f32(t, vld1q_f32(r[0] + x)), vld1q_f32(r[4] + x));
        vst1q_f32(out + x, vmulq_f32(t, scale));
    }
    for (; x < n; x++) out[x] = (((r[2][x] * 6 + (r[1][x] + r[3][x]) * 4) + r[0][x]) + r[4][x]) * (1.f / 256.f);
}

/* ---- the level ------------------------------------------------------------------------------ */

vela_status vl_pyr_down_neon(const vl_pyr_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                             int32_t y1)
{
    if (y0 == y1) return VELA_OK;  /* every plan runs here */
    const int32_t cn = p->channels, esize = p->depth == VL_DEPTH_U8 ? 1 : p->depth == VL_DEPTH_S16 ? 2 : 4;
    const int32_t chunk_px = CHUNK / cn;
    /* Outputs per vector step and the source elements it loads, by kernel; 0: no vector path. */
    int32_t g = 0, span = 0;
    if (p->depth == VL_DEPTH_U8 && cn == 1) g = 8, span = 32;
    else if (p->depth == VL_DEPTH_U8 && cn == 4) g = 4, span = 48;
    else if (p->depth == VL_DEPTH_S16) g = 4, span = 16;
    else if (p->depth == VL_DEPTH_F32) g = 4, span = 12;
    pyr_cols cols;
    /* The ring of horizontal sums: slot u mod 5 holds unclamped source row u. */
    union {
        uint16_t u16[5][CHUNK];
        int32_t s32[5][CHUNK];
        float f32[5][CHUNK];
    } ring;
    for (int32_t px0 = 0; px0 < p->dst_w; px0 += chunk_px) {
        const int32_t px1 = px0 + chunk_px < p->dst_w ? px0 + chunk_px : p->dst_w;
        pyr_cols_build(p, px0, px1, g, span, &cols);
        int32_t cached[5] = { INT_MIN, INT_MIN, INT_MIN, INT_MIN, INT_MIN };
        for (int32_t y = y0; y < y1; y++) {
            int32_t slot[5];
            for (int32_t k = 0; k < 5; k++) {
                const int32_t u = 2 * y - 2 + k, s = ((u % 5) + 5) % 5;
                if (cached[s] != u) {
                    void *out = p->depth == VL_DEPTH_U8 ? (void *)ring.u16[s] : p->depth == VL_DEPTH_S16 ? (void *)ring.s32[s]
                                                                                                      : (void *)ring.f32[s];
                    hpass(p, &cols, src_row(src, vl_border_index(p->border, u, p->src_h)), out);
                    cached[s] = u;
                }
                slot[k] = s;
            }
            uint8_t *out = (uint8_t *)dst->planes[0].data + (int64_t)y * dst->planes[0].pitch + (size_t)px0 * cn * esize;
            if (p->depth == VL_DEPTH_U8) {
                const uint16_t *r[5] = { ring.u16[slot[0]], ring.u16[slot[1]], ring.u16[slot[2]], ring.u16[slot[3]], ring.u16[slot[4]] };
                vpass_u8(r, out, cols.n);
            } else if (p->depth == VL_DEPTH_S16) {
                const int32_t *r[5] = { ring.s32[slot[0]], ring.s32[slot[1]], ring.s32[slot[2]], ring.s32[slot[3]], ring.s32[slot[4]] };
                vpass_s16(r, (int16_t *)out, cols.n);
            } else {
                const float *r[5] = { ring.f32[slot[0]], ring.f32[slot[1]], ring.f32[slot[2]], ring.f32[slot[3]], ring.f32[slot[4]] };
                vpass_f32(r, (float *)out, cols.n);
            }
        }
    }
    return VELA_OK;
}
