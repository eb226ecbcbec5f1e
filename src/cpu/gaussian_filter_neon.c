/* The Gaussian filter on 8-bit channels with NEON intrinsics (SIMDe on x86 for the tests):
 * OpenCV's fixed point, byte-identical with gaussian_filter_ref.c.
 *
 * Per strip of columns and band of rows (see filter_rows.h): each source row's horizontal pass
 * h = sum kx[i] e(x + i) (u16; the symmetric taps added in pairs first) goes into a ring of kh
 * rows, and the vertical pass combines the ring into the output row. Two vertical passes:
 *
 * - With the weights' 16-bit form (vl_gauss8_split: OpenCV's binomial 3x3 and 5x5, the default
 *   kernels), h and the whole vertical sum fit 16 bits. Sums that wrap in u16 come back exact,
 *   since the result itself is below 2^16.
 * - Otherwise the vertical sum is taken in u32 and out = (v + 2^15) >> 16.
 *
 * The binomial kernels (16-bit weights [1 2 1] or [1 4 6 4 1] on both axes: every Gaussian of
 * size 3 or 5 without a sigma) take shifts and adds instead of multiplies by weights. On one
 * channel their horizontal pass works on pair sums: [1 4 6 4 1] = [1 1] * [1 3 3 1] and
 * [1 2 1] = [1 1] * [1 1], and one pairwise widening add (UADDLP; PMADDUBSW through SIMDe) of the
 * bytes at p gives x(p + 2i) + x(p + 2i + 1), so five of them (three for [1 2 1]) at p .. p + 4
 * give the even outputs of 16 and the odd ones, each vector one multiply-add from the pair sums,
 * with no widening. The ring then holds each 16 elements as 8 even ones and 8 odd ones; the
 * vertical pass works lane by lane and interleaves them back as it narrows. */
#include "common/gaussian_filter.h"
#include "cpu/filter_rows.h"
#include "cpu/filter_neon.h"

#define VL_INLINE static inline __attribute__((always_inline))

typedef struct weights {
    uint16_t kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    int32_t shift;  /* >= 0: the 16-bit vertical pass with this final shift; -1: the 32-bit one */
    int32_t bx, by; /* 3 or 5 where both 16-bit axes are binomial ([1 2 1], [1 4 6 4 1]), else 0 */
} weights;

/* 3 or 5 when the n 16-bit weights k are [1 2 1] or [1 4 6 4 1], else 0. */
static int32_t binomial(const uint16_t *k, int32_t n)
{
    static const uint16_t b3[3] = { 1, 2, 1 }, b5[5] = { 1, 4, 6, 4, 1 };
    if (n == 3 && !memcmp(k, b3, sizeof b3)) return 3;
    if (n == 5 && !memcmp(k, b5, sizeof b5)) return 5;
    return 0;
}

static weights weights_of(const vl_gauss8_plan *p)
{
    weights w;
    w.shift = vl_gauss8_split(p, w.kx, w.ky);
    w.bx = w.shift >= 0 ? binomial(w.kx, p->s.kw) : 0;
    w.by = w.shift >= 0 ? binomial(w.ky, p->s.kh) : 0;
    if (!w.bx || !w.by) w.bx = w.by = 0;
    return w;
}

/* The horizontal pass of one padded row into h, n elements (rounded up to 16). */
VL_INLINE void horizontal_k(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, const uint16_t *kernel,
                            const int32_t kw, int32_t cn)
{
    const int32_t c = kw / 2;
    uint16_t k[VELA_FILTER_MAX_KERNEL];  /* a copy that stores cannot alias: it stays in registers */
    memcpy(k, kernel, sizeof k);
    for (int32_t e = e0; e < n; e += 16) {
        const uint8_t *p = pad + e;
        uint8x16_t m = vld1q_u8(p + c * cn);
        uint16x8_t lo = vmulq_n_u16(vl_lo16(m), k[c]), hi = vmulq_n_u16(vl_hi16(m), k[c]);
        for (int32_t i = 0; i < c; i++) {
            uint8x16_t a = vld1q_u8(p + i * cn), b = vld1q_u8(p + (kw - 1 - i) * cn);
            lo = vmlaq_n_u16(lo, vl_addl_lo(a, b), k[i]);
            hi = vmlaq_n_u16(hi, vl_addl_hi(a, b), k[i]);
        }
        vst1q_u16(h + e, lo);
        vst1q_u16(h + e + 8, hi);
    }
}

/* Binomial rows of kw = 3 or 5 taps on one channel, from pair sums, in even/odd order: h + e holds
 * the outputs e, e + 2, .., e + 14, then e + 1, .., e + 15. */
VL_INLINE void horizontal_eo(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, const int32_t kw)
{
    for (int32_t e = e0; e < n; e += 16) {
        const uint8_t *p = pad + e;
        /* q_j lane i: x(p + j + 2i) + x(p + j + 2i + 1), the elements of output e + 2i starting at p + 2i */
        const uint16x8_t q0 = vpaddlq_u8(vld1q_u8(p)), q1 = vpaddlq_u8(vld1q_u8(p + 1)), q2 = vpaddlq_u8(vld1q_u8(p + 2));
        uint16x8_t even, odd;
        if (kw == 3) {
            even = vaddq_u16(q0, q1);
            odd = vaddq_u16(q1, q2);
        } else {
            const uint16x8_t q3 = vpaddlq_u8(vld1q_u8(p + 3)), q4 = vpaddlq_u8(vld1q_u8(p + 4));
            even = vmlaq_n_u16(vaddq_u16(q0, q3), vaddq_u16(q1, q2), 3);
            odd = vmlaq_n_u16(vaddq_u16(q1, q4), vaddq_u16(q2, q3), 3);
        }
        vst1q_u16(h + e, even);
        vst1q_u16(h + e + 8, odd);
    }
}

/* Binomial rows of kw = 3 or 5 taps, any channel count, in natural order. */
VL_INLINE void horizontal_binomial(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, const int32_t kw,
                                   int32_t cn)
{
    for (int32_t e = e0; e < n; e += 16) {
        const uint8_t *p = pad + e;
        uint16x8_t lo, hi;
        if (kw == 3) {
            const uint8x16_t a = vld1q_u8(p), b = vld1q_u8(p + cn), c = vld1q_u8(p + 2 * cn);
            lo = vl_mlal_lo(vl_addl_lo(a, c), b, 2);
            hi = vl_mlal_hi(vl_addl_hi(a, c), b, 2);
        } else {
            const uint8x16_t a = vld1q_u8(p), b = vld1q_u8(p + cn), c = vld1q_u8(p + 2 * cn);
            const uint8x16_t d = vld1q_u8(p + 3 * cn), f = vld1q_u8(p + 4 * cn);
            lo = vl_mlal_lo(vmlaq_n_u16(vl_addl_lo(a, f), vl_addl_lo(b, d), 4), c, 6);
            hi = vl_mlal_hi(vmlaq_n_u16(vl_addl_hi(a, f), vl_addl_hi(b, d), 4), c, 6);
        }
        vst1q_u16(h + e, lo);
        vst1q_u16(h + e + 8, hi);
    }
}

/* Vectors [e0, n) of the pass reading `pad` (the span's element 0); the common sizes get loops
 * unrolled for them. */
static void horizontal_range(const uint8_t *pad, uint16_t *h, int32_t e0, int32_t n, const weights *w, int32_t kw,
                             int32_t cn)
{
    if (w->bx) {
        if (cn == 1) {
            if (w->bx == 3) horizontal_eo(pad, h, e0, n, 3);
            else horizontal_eo(pad, h, e0, n, 5);
        } else {
            if (w->bx == 3) horizontal_binomial(pad, h, e0, n, 3, cn);
            else horizontal_binomial(pad, h, e0, n, 5, cn);
        }
        return;
    }
    switch (kw) {
    case 3: horizontal_k(pad, h, e0, n, w->kx, 3, cn); break;
    case 5: horizontal_k(pad, h, e0, n, w->kx, 5, cn); break;
    case 7: horizontal_k(pad, h, e0, n, w->kx, 7, cn); break;
    default: horizontal_k(pad, h, e0, n, w->kx, kw, cn); break;
    }
}

/* The pass of source row `row`: the edges from the padded copy, the rest straight from the row. */
static void horizontal(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t px, int32_t nv,
                       const uint8_t *fill, uint8_t *pad, uint16_t *h, const weights *w)
{
    const vl_filter_span sp = vl_filter_span_of(s, row, x0, nv);
    vl_filter_pad_edges(s, row, x0, px, &sp, fill, pad);
    horizontal_range(pad, h, 0, sp.lo, w, s->kw, s->channels);
    horizontal_range(sp.direct, h, sp.lo, sp.hi, w, s->kw, s->channels);
    horizontal_range(pad, h, sp.hi, nv, w, s->kw, s->channels);
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

/* S = sum ky' h'_j in u16 (pairs of symmetric rows added first), rounded and shifted down. */
VL_INLINE uint16x8_t vsum16(const uint16_t *const *rows, int32_t e, const uint16_t *k, int32_t kh)
{
    const int32_t c = kh / 2;
    uint16x8_t s = vmulq_n_u16(vld1q_u16(rows[c] + e), k[c]);
    for (int32_t j = 0; j < c; j++)
        s = vmlaq_n_u16(s, vaddq_u16(vld1q_u16(rows[j] + e), vld1q_u16(rows[kh - 1 - j] + e)), k[j]);
    return s;
}

/* The rounding shift is an immediate (a vector of shift counts would be a scalar loop through
 * SIMDe): one loop per shift, 0..8, each unrolled for the common heights. */
#define VERTICAL16_LOOP(SH, KH)                                                                        \
    {                                                                                                  \
        const uint16_t *r[VELA_FILTER_MAX_KERNEL];  /* copies that stores cannot alias */              \
        uint16_t k[VELA_FILTER_MAX_KERNEL];                                                            \
        memcpy(r, rows, sizeof r);                                                                     \
        memcpy(k, w->ky, sizeof k);                                                                    \
        for (int32_t e = 0; e < n; e += 16) {                                                          \
            uint16x8_t a = vsum16(r, e, k, KH), b = vsum16(r, e + 8, k, KH);                           \
            if (SH > 0) {                                                                              \
                a = vl_rshr_u16(a, SH > 0 ? SH : 1);                                                   \
                b = vl_rshr_u16(b, SH > 0 ? SH : 1);                                                   \
            }                                                                                          \
            store16(out, e, n, vl_narrow8(a, b));                                                      \
        }                                                                                              \
    }
#define VERTICAL16(SH)                                                                                 \
    static void vertical16_##SH(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w,  \
                                int32_t kh)                                                            \
    {                                                                                                  \
        if (kh == 3) { VERTICAL16_LOOP(SH, 3) }                                                        \
        else if (kh == 5) { VERTICAL16_LOOP(SH, 5) }                                                   \
        else { VERTICAL16_LOOP(SH, kh) }                                                               \
    }
VERTICAL16(0)
VERTICAL16(1)
VERTICAL16(2)
VERTICAL16(3)
VERTICAL16(4)
VERTICAL16(5)
VERTICAL16(6)
VERTICAL16(7)
VERTICAL16(8)
#undef VERTICAL16
#undef VERTICAL16_LOOP

static void vertical16(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w, int32_t kh)
{
    static void (*const by_shift[9])(const uint16_t *const *, uint8_t *, int32_t, const weights *, int32_t) = {
        vertical16_0, vertical16_1, vertical16_2, vertical16_3, vertical16_4,
        vertical16_5, vertical16_6, vertical16_7, vertical16_8,
    };
    by_shift[w->shift](rows, out, n, w, kh);
}

/* The binomial vertical sums of kh = 3 or 5 rows, 8 elements at e. */
VL_INLINE uint16x8_t vsum_binomial(const uint16_t *const *r, int32_t e, const int32_t kh)
{
    if (kh == 3) return vmlaq_n_u16(vaddq_u16(vld1q_u16(r[0] + e), vld1q_u16(r[2] + e)), vld1q_u16(r[1] + e), 2);
    uint16x8_t s = vmlaq_n_u16(vaddq_u16(vld1q_u16(r[0] + e), vld1q_u16(r[4] + e)),
                               vaddq_u16(vld1q_u16(r[1] + e), vld1q_u16(r[3] + e)), 4);
    return vmlaq_n_u16(s, vld1q_u16(r[2] + e), 6);
}

/* 16 output bytes at e: the binomial sums of kh rows shifted by sh; eo: the ring is in even/odd
 * order. */
VL_INLINE uint8x16_t vbinomial16(const uint16_t *const *r, int32_t e, const int32_t kh, const int32_t sh,
                                 const int eo)
{
    const uint16x8_t a = vsum_binomial(r, e, kh), b = vsum_binomial(r, e + 8, kh);
    if (eo) {
        if (sh == 8) return vl_rshr_interleave8(a, b, 8);
        if (sh == 6) return vl_rshr_interleave8(a, b, 6);
        return vl_rshr_interleave8(a, b, 4);
    }
    if (sh == 8) return vl_narrow8(vl_rshr_u16(a, 8), vl_rshr_u16(b, 8));
    if (sh == 6) return vl_narrow8(vl_rshr_u16(a, 6), vl_rshr_u16(b, 6));
    return vl_narrow8(vl_rshr_u16(a, 4), vl_rshr_u16(b, 4));
}

/* The binomial vertical pass of kh rows, the final shift SH; EO: the ring is in even/odd order. */
VL_INLINE void vertical_binomial_k(const uint16_t *const *rows, uint8_t *out, int32_t n, const int32_t kh,
                                   const int32_t sh, const int eo)
{
    const uint16_t *r[5];  /* copies that stores cannot alias */
    memcpy(r, rows, sizeof r);
    int32_t e = 0;
    /* Whole vectors, then the last part of one: no tail test inside the loop. */
    for (; e + 16 <= n; e += 16) vst1q_u8(out + e, vbinomial16(r, e, kh, sh, eo));
    if (e < n) store16(out, e, n, vbinomial16(r, e, kh, sh, eo));
}

/* bx x by: 3 x 3 shifts by 4, 5 x 5 by 8, the mixed ones by 6. */
static void vertical_binomial(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w, int32_t cn)
{
    const int eo = cn == 1;
    switch (w->bx * 8 + w->by) {
    case 5 * 8 + 5: if (eo) vertical_binomial_k(rows, out, n, 5, 8, 1); else vertical_binomial_k(rows, out, n, 5, 8, 0); break;
    case 3 * 8 + 3: if (eo) vertical_binomial_k(rows, out, n, 3, 4, 1); else vertical_binomial_k(rows, out, n, 3, 4, 0); break;
    case 3 * 8 + 5: if (eo) vertical_binomial_k(rows, out, n, 5, 6, 1); else vertical_binomial_k(rows, out, n, 5, 6, 0); break;
    default: if (eo) vertical_binomial_k(rows, out, n, 3, 6, 1); else vertical_binomial_k(rows, out, n, 3, 6, 0); break;
    }
}

/* v = sum ky h_j in u32, (v + 2^15) >> 16, for the 8 elements at e. */
VL_INLINE uint16x8_t vsum32(const uint16_t *const *rows, int32_t e, const uint16_t *k, int32_t kh)
{
    uint16x8_t h = vld1q_u16(rows[0] + e);
    uint32x4_t lo = vmulq_n_u32(vl_lo32(h), k[0]), hi = vmulq_n_u32(vl_hi32(h), k[0]);
    for (int32_t j = 1; j < kh; j++) {
        h = vld1q_u16(rows[j] + e);
        lo = vmlaq_n_u32(lo, vl_lo32(h), k[j]);
        hi = vmlaq_n_u32(hi, vl_hi32(h), k[j]);
    }
    return vl_narrow16(vrshrq_n_u32(lo, 16), vrshrq_n_u32(hi, 16));
}

static void vertical32(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w, int32_t kh)
{
    for (int32_t e = 0; e < n; e += 16)
        store16(out, e, n, vl_narrow8(vsum32(rows, e, w->ky, kh), vsum32(rows, e + 8, w->ky, kh)));
}

/* Rows [y0, y1) of the pixels [x0, x0 + px). */
static void strip(const vl_gauss8_plan *p, const weights *w, const vela_image_data *src, const vela_image_data *dst,
                  int32_t y0, int32_t y1, int32_t x0, int32_t px, int32_t stride, uint8_t *scratch)
{
    const vl_filter_shape *s = &p->s;
    const int32_t cn = s->channels, kh = s->kh, ay = kh / 2;
    const int32_t n = px * cn, nv = (n + 15) / 16 * 16;
    uint16_t *ring = (uint16_t *)scratch;
    uint8_t *pad = (uint8_t *)(ring + (size_t)kh * stride);
    uint8_t fill[16];
    vl_filter_fill_pixel(s, fill);
    vl_filter_zero_slack(s, px, pad);

    for (int32_t r = y0 - ay; r < y0 - ay + kh - 1; r++)
        horizontal(s, vl_filter_row(s, src, r), x0, px, nv, fill, pad, ring + (size_t)vl_filter_slot(r, kh) * stride, w);
    const uint16_t *rows[VELA_FILTER_MAX_KERNEL] = { 0 };
    for (int32_t y = y0; y < y1; y++) {
        int32_t r = y - ay + kh - 1;
        horizontal(s, vl_filter_row(s, src, r), x0, px, nv, fill, pad, ring + (size_t)vl_filter_slot(r, kh) * stride, w);
        for (int32_t j = 0; j < kh; j++) rows[j] = ring + (size_t)vl_filter_slot(y - ay + j, kh) * stride;
        uint8_t *out = vl_filter_out_row(dst, y) + (size_t)x0 * cn;
        if (w->by) vertical_binomial(rows, out, n, w, cn);
        else if (w->shift >= 0) vertical16(rows, out, n, w, kh);
        else vertical32(rows, out, n, w, kh);
    }
}

vela_status vl_gauss8_neon(const vl_gauss8_plan *p, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    if (y0 >= y1) return VELA_OK;  /* every 8-bit Gaussian is taken */
    const weights w = weights_of(p);
    const int32_t cn = s->channels;
    /* Per pixel of a strip: the ring (u16) and the padded row; besides, the padded row's kernel
     * overhang and slack. */
    const int32_t px = vl_filter_strip(s, cn * (2 * s->kh + 1), (s->kw + 16) * cn + VL_FILTER_SLACK);
    const int32_t stride = px * cn;
    _Alignas(16) uint8_t scratch[VL_FILTER_SCRATCH];
    for (int32_t x0 = 0; x0 < s->width; x0 += px)
        strip(p, &w, src, dst, y0, y1, x0, s->width - x0 < px ? s->width - x0 : px, stride, scratch);
    return VELA_OK;
}
