/* The box filter on 8-bit channels with NEON intrinsics (SIMDe on x86 for the tests).
 *
 * Per strip of columns and band of rows (see filter_rows.h): each source row's horizontal sums go
 * into a ring of kh rows (u16: at most 31 * 255), and a running column sum adds the row entering
 * the window and subtracts the one leaving it, so the vertical pass costs the same for every
 * kernel height. Sums of an area up to 256 stay below 2^16 and are divided in Q23 as OpenCV does
 * (u16 arithmetic wraps, but the sum itself never leaves 16 bits); larger areas keep u32 sums and
 * the float division. Byte-identical with box_filter_ref.c. */
#include "common/box_filter.h"
#include "cpu/filter_rows.h"
#include "cpu/filter_neon.h"

#define VL_INLINE static inline __attribute__((always_inline))

/* Sums of kw taps cn elements apart for the 16 elements at p. */
VL_INLINE uint16x8x2_t hsum16(const uint8_t *p, const int32_t kw, int32_t cn)
{
    uint8x16_t a = vld1q_u8(p);
    if (kw == 1) return (uint16x8x2_t){ { vl_lo16(a), vl_hi16(a) } };
    uint8x16_t b = vld1q_u8(p + cn);
    uint16x8_t lo = vl_addl_lo(a, b), hi = vl_addl_hi(a, b);
    for (int32_t i = 2; i < kw; i++) {
        uint8x16_t c = vld1q_u8(p + i * cn);
        lo = vl_addw_lo(lo, c);
        hi = vl_addw_hi(hi, c);
    }
    return (uint16x8x2_t){ { lo, hi } };
}

/* Vectors [e0, n) of the horizontal pass reading `pad` (the span's element 0) into h. */
VL_INLINE void horizontal_k(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, const int32_t kw, int32_t cn)
{
    for (int32_t e = e0; e < n; e += 16) {
        uint16x8x2_t v = hsum16(pad + e, kw, cn);
        vst1q_u16(h + e, v.val[0]);
        vst1q_u16(h + e + 8, v.val[1]);
    }
}

/* The common sizes get loops unrolled for them. */
static void horizontal_range(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, int32_t kw, int32_t cn)
{
    switch (kw) {
    case 3: horizontal_k(pad, h, e0, n, 3, cn); break;
    case 5: horizontal_k(pad, h, e0, n, 5, cn); break;
    case 7: horizontal_k(pad, h, e0, n, 7, cn); break;
    default: horizontal_k(pad, h, e0, n, kw, cn); break;
    }
}

/* The pass of source row `row`: the edges from the padded copy, the rest straight from the row. */
static void horizontal(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t px, int32_t nv,
                       const uint8_t *fill, uint8_t *pad, uint16_t *h)
{
    const vl_filter_span sp = vl_filter_span_of(s, row, x0, nv);
    vl_filter_pad_edges(s, row, x0, px, &sp, fill, pad);
    horizontal_range(pad, h, 0, sp.lo, s->kw, s->channels);
    horizontal_range(sp.direct, h, sp.lo, sp.hi, s->kw, s->channels);
    horizontal_range(pad, h, sp.hi, nv, s->kw, s->channels);
}

/* min(255, ((s + delta) * scale) >> 23) for 8 sums: the product stays below 2^32 for every
 * area, the quotient at most 256 (area 2). SIMDe multiplies u32 lanes as int32, which overflows
 * (undefined, and UBSan says so) past 2^31: there the product is halved first,
 * (t * scale) >> 1 = t * (scale >> 1) + (scale odd ? t >> 1 : 0), every term below 2^31. */
static inline uint16x8_t divide8(uint16x8_t s, uint16x8_t delta, uint32x4_t scale)
{
    uint16x8_t t = vaddq_u16(s, delta);
#ifdef SIMDE_VERSION
    const uint32x4_t half = vshrq_n_u32(scale, 1), odd = vandq_u32(scale, vdupq_n_u32(1));
    uint32x4_t tl = vl_lo32(t), th = vl_hi32(t);
    uint32x4_t lo = vaddq_u32(vmulq_u32(tl, half), vmulq_u32(vshrq_n_u32(tl, 1), odd));
    uint32x4_t hi = vaddq_u32(vmulq_u32(th, half), vmulq_u32(vshrq_n_u32(th, 1), odd));
    lo = vshrq_n_u32(lo, VL_BOX_SHIFT - 1);
    hi = vshrq_n_u32(hi, VL_BOX_SHIFT - 1);
#else
    uint32x4_t lo = vshrq_n_u32(vmulq_u32(vl_lo32(t), scale), VL_BOX_SHIFT);
    uint32x4_t hi = vshrq_n_u32(vmulq_u32(vl_hi32(t), scale), VL_BOX_SHIFT);
#endif
    return vminq_u16(vl_narrow16(lo, hi), vdupq_n_u16(255));
}

static inline uint16x8_t divide_float8(uint32x4_t a, uint32x4_t b, float inv)
{
    uint32x4_t qa = vcvtq_u32_f32(vrndnq_f32(vmulq_n_f32(vcvtq_f32_u32(a), inv)));
    uint32x4_t qb = vcvtq_u32_f32(vrndnq_f32(vmulq_n_f32(vcvtq_f32_u32(b), inv)));
    return vminq_u16(vl_narrow16(qa, qb), vdupq_n_u16(255));
}

static inline void store16(uint8_t *out, int32_t e, int32_t n, uint8x16_t v)
{
    if (e + 16 <= n) {
        vst1q_u8(out + e, v);
        return;
    }
    uint8_t tmp[16];
    vst1q_u8(tmp, v);
    memcpy(out + e, tmp, (size_t)(n - e));
}

/* Area <= 256: u16 running sums. sum holds the window without its newest row; h is the newest
 * row, old the oldest (to leave before the next output row). */
static void vertical16(const vl_box8_plan *p, uint16_t *sum, const uint16_t *h, const uint16_t *old,
                       uint8_t *out, int32_t n)
{
    const uint16x8_t delta = vdupq_n_u16((uint16_t)p->div_delta);
    const uint32x4_t scale = vdupq_n_u32(p->div_scale);
    for (int32_t e = 0; e < n; e += 16) {
        uint16x8_t s0 = vaddq_u16(vld1q_u16(sum + e), vld1q_u16(h + e));
        uint16x8_t s1 = vaddq_u16(vld1q_u16(sum + e + 8), vld1q_u16(h + e + 8));
        store16(out, e, n, vl_narrow8(divide8(s0, delta, scale), divide8(s1, delta, scale)));
        vst1q_u16(sum + e, vsubq_u16(s0, vld1q_u16(old + e)));
        vst1q_u16(sum + e + 8, vsubq_u16(s1, vld1q_u16(old + e + 8)));
    }
}

/* Area > 256: u32 running sums and the float division. */
static void vertical32(const vl_box8_plan *p, uint32_t *sum, const uint16_t *h, const uint16_t *old,
                       uint8_t *out, int32_t n)
{
    for (int32_t e = 0; e < n; e += 16) {
        uint16x8_t h0 = vld1q_u16(h + e), h1 = vld1q_u16(h + e + 8);
        uint32x4_t s[4] = { vaddq_u32(vld1q_u32(sum + e), vl_lo32(h0)), vaddq_u32(vld1q_u32(sum + e + 4), vl_hi32(h0)),
                            vaddq_u32(vld1q_u32(sum + e + 8), vl_lo32(h1)), vaddq_u32(vld1q_u32(sum + e + 12), vl_hi32(h1)) };
        store16(out, e, n, vl_narrow8(divide_float8(s[0], s[1], p->inv_area), divide_float8(s[2], s[3], p->inv_area)));
        uint16x8_t o0 = vld1q_u16(old + e), o1 = vld1q_u16(old + e + 8);
        vst1q_u32(sum + e, vsubq_u32(s[0], vl_lo32(o0)));
        vst1q_u32(sum + e + 4, vsubq_u32(s[1], vl_hi32(o0)));
        vst1q_u32(sum + e + 8, vsubq_u32(s[2], vl_lo32(o1)));
        vst1q_u32(sum + e + 12, vsubq_u32(s[3], vl_hi32(o1)));
    }
}

/* Rows [y0, y1) of the pixels [x0, x0 + px). */
static void strip(const vl_box8_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                  int32_t y1, int32_t x0, int32_t px, int32_t stride, uint8_t *scratch)
{
    const vl_filter_shape *s = &p->s;
    const int32_t cn = s->channels, kw = s->kw, kh = s->kh, ay = kh / 2;
    const int32_t n = px * cn, nv = (n + 15) / 16 * 16;
    const bool wide = kw * kh > 256;
    uint16_t *ring = (uint16_t *)scratch;                  /* kh rows of `stride` */
    uint32_t *sum = (uint32_t *)(ring + (size_t)kh * stride);  /* stride u32, or 2 * stride u16 */
    uint8_t *pad = (uint8_t *)(sum + stride);
    uint8_t fill[16];
    vl_filter_fill_pixel(s, fill);
    vl_filter_zero_slack(s, px, pad);

    memset(sum, 0, (size_t)stride * 4);
    for (int32_t r = y0 - ay; r < y0 - ay + kh - 1; r++) {
        uint16_t *h = ring + (size_t)vl_filter_slot(r, kh) * stride;
        horizontal(s, vl_filter_row(s, src, r), x0, px, nv, fill, pad, h);
        for (int32_t e = 0; e < nv; e += 8) {
            uint16x8_t v = vld1q_u16(h + e);
            if (wide) {
                vst1q_u32(sum + e, vaddq_u32(vld1q_u32(sum + e), vl_lo32(v)));
                vst1q_u32(sum + e + 4, vaddq_u32(vld1q_u32(sum + e + 4), vl_hi32(v)));
            } else {
                vst1q_u16((uint16_t *)sum + e, vaddq_u16(vld1q_u16((uint16_t *)sum + e), v));
            }
        }
    }
    for (int32_t y = y0; y < y1; y++) {
        int32_t r = y - ay + kh - 1;
        uint16_t *h = ring + (size_t)vl_filter_slot(r, kh) * stride;
        const uint16_t *old = ring + (size_t)vl_filter_slot(y - ay, kh) * stride;  /* h itself when kh is 1 */
        horizontal(s, vl_filter_row(s, src, r), x0, px, nv, fill, pad, h);
        uint8_t *out = vl_filter_out_row(dst, y) + (size_t)x0 * cn;
        if (wide) vertical32(p, sum, h, old, out, n);
        else vertical16(p, (uint16_t *)sum, h, old, out, n);
    }
}

vela_status vl_box8_neon(const vl_box8_plan *p, const vela_image_data *src, const vela_image_data *dst,
                         int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    if (y0 >= y1) return VELA_OK;  /* every 8-bit box is taken */
    const int32_t cn = s->channels;
    /* Per pixel of a strip: the ring (u16), the sums (u32), the padded row; besides, the padded
     * row's kernel overhang and slack. */
    const int32_t px = vl_filter_strip(s, cn * (2 * s->kh + 4 + 1), (s->kw + 16) * cn + VL_FILTER_SLACK);
    const int32_t stride = px * cn;
    _Alignas(16) uint8_t scratch[VL_FILTER_SCRATCH];
    for (int32_t x0 = 0; x0 < s->width; x0 += px)
        strip(p, src, dst, y0, y1, x0, s->width - x0 < px ? s->width - x0 : px, stride, scratch);
    return VELA_OK;
}
