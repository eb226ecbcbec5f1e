/* The Gaussian filter on 8-bit channels with NEON intrinsics (SIMDe on x86 for the tests):
 * OpenCV's fixed point, byte-identical with gaussian_filter_ref.c.
 *
 * Per strip of columns and band of rows (see filter_rows.h): each source row's horizontal pass
 * h = sum kx[i] e(x + i) (u16; the symmetric taps added in pairs first) goes into a ring of kh
 * rows, and the vertical pass combines the ring into the output row. Two vertical passes:
 *
 * - When 2^bx divides every kx and 2^by every ky with bx + by >= 8 (OpenCV's binomial 3x3 and 5x5,
 *   the default kernels), the weights are divided by those powers: h and the whole vertical sum
 *   S = sum ky' h' fit 16 bits, and out = (S + 2^(sh - 1)) >> sh with sh = 16 - bx - by. Sums that
 *   wrap in u16 come back exact, since the result itself is below 2^16.
 * - Otherwise the vertical sum is taken in u32 and out = (v + 2^15) >> 16. */
#include "common/gaussian_filter.h"
#include "cpu/filter_rows.h"
#include "cpu/neon.h"

#define VL_INLINE static inline __attribute__((always_inline))

typedef struct weights {
    uint16_t kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    int32_t shift;  /* >= 0: the 16-bit vertical pass with this final shift; -1: the 32-bit one */
} weights;

static int32_t common_twos(const uint16_t *k, int32_t n)
{
    int32_t b = 8;  /* the weights sum to 256 = 2^8 */
    for (int32_t i = 0; i < n; i++)
        while (b > 0 && (k[i] & ((1u << b) - 1))) b--;
    return b;
}

static weights weights_of(const vl_gauss8_plan *p)
{
    weights w;
    int32_t bx = common_twos(p->kx, p->s.kw), by = common_twos(p->ky, p->s.kh);
    if (bx + by < 8) bx = by = 0;
    for (int32_t i = 0; i < p->s.kw; i++) w.kx[i] = (uint16_t)(p->kx[i] >> bx);
    for (int32_t i = 0; i < p->s.kh; i++) w.ky[i] = (uint16_t)(p->ky[i] >> by);
    w.shift = bx + by >= 8 ? 16 - bx - by : -1;
    return w;
}

/* The horizontal pass of one padded row into h, n elements (rounded up to 16). */
static void horizontal(const uint8_t *pad, uint16_t *h, int32_t n, const uint16_t *k, int32_t kw, int32_t cn)
{
    const int32_t c = kw / 2;
    for (int32_t e = 0; e < n; e += 16) {
        const uint8_t *p = pad + e;
        uint8x16_t m = vld1q_u8(p + c * cn);
        uint16x8_t lo = vmulq_n_u16(vmovl_u8(vget_low_u8(m)), k[c]);
        uint16x8_t hi = vmulq_n_u16(vmovl_u8(vget_high_u8(m)), k[c]);
        for (int32_t i = 0; i < c; i++) {
            uint8x16_t a = vld1q_u8(p + i * cn), b = vld1q_u8(p + (kw - 1 - i) * cn);
            lo = vmlaq_n_u16(lo, vaddl_u8(vget_low_u8(a), vget_low_u8(b)), k[i]);
            hi = vmlaq_n_u16(hi, vaddl_u8(vget_high_u8(a), vget_high_u8(b)), k[i]);
        }
        vst1q_u16(h + e, lo);
        vst1q_u16(h + e + 8, hi);
    }
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

static void vertical16(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w, int32_t kh)
{
    const int16x8_t shift = vdupq_n_s16((int16_t)-w->shift);
    for (int32_t e = 0; e < n; e += 16) {
        uint16x8_t a = vrshlq_u16(vsum16(rows, e, w->ky, kh), shift);
        uint16x8_t b = vrshlq_u16(vsum16(rows, e + 8, w->ky, kh), shift);
        store16(out, e, n, vcombine_u8(vqmovn_u16(a), vqmovn_u16(b)));
    }
}

/* v = sum ky h_j in u32, (v + 2^15) >> 16, for the 8 elements at e. */
VL_INLINE uint8x8_t vsum32(const uint16_t *const *rows, int32_t e, const uint16_t *k, int32_t kh)
{
    uint16x8_t h = vld1q_u16(rows[0] + e);
    uint32x4_t lo = vmull_n_u16(vget_low_u16(h), k[0]), hi = vmull_n_u16(vget_high_u16(h), k[0]);
    for (int32_t j = 1; j < kh; j++) {
        h = vld1q_u16(rows[j] + e);
        lo = vmlal_n_u16(lo, vget_low_u16(h), k[j]);
        hi = vmlal_n_u16(hi, vget_high_u16(h), k[j]);
    }
    return vqmovn_u16(vcombine_u16(vrshrn_n_u32(lo, 16), vrshrn_n_u32(hi, 16)));
}

static void vertical32(const uint16_t *const *rows, uint8_t *out, int32_t n, const weights *w, int32_t kh)
{
    for (int32_t e = 0; e < n; e += 16)
        store16(out, e, n, vcombine_u8(vsum32(rows, e, w->ky, kh), vsum32(rows, e + 8, w->ky, kh)));
}

/* Rows [y0, y1) of the pixels [x0, x0 + px). */
static void strip(const vl_gauss8_plan *p, const weights *w, const vela_image_data *src, const vela_image_data *dst,
                  int32_t y0, int32_t y1, int32_t x0, int32_t px, int32_t stride, uint8_t *scratch)
{
    const vl_filter_shape *s = &p->s;
    const int32_t cn = s->channels, kw = s->kw, kh = s->kh, ay = kh / 2;
    const int32_t n = px * cn, nv = (n + 15) / 16 * 16;
    uint16_t *ring = (uint16_t *)scratch;
    uint8_t *pad = (uint8_t *)(ring + (size_t)kh * stride);
    uint8_t fill[16];
    vl_filter_fill_pixel(s, fill);

    for (int32_t r = y0 - ay; r < y0 - ay + kh - 1; r++) {
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        horizontal(pad, ring + (size_t)vl_filter_slot(r, kh) * stride, nv, w->kx, kw, cn);
    }
    const uint16_t *rows[VELA_FILTER_MAX_KERNEL];
    for (int32_t y = y0; y < y1; y++) {
        int32_t r = y - ay + kh - 1;
        vl_filter_pad(s, vl_filter_row(s, src, r), x0, px, fill, pad);
        horizontal(pad, ring + (size_t)vl_filter_slot(r, kh) * stride, nv, w->kx, kw, cn);
        for (int32_t j = 0; j < kh; j++) rows[j] = ring + (size_t)vl_filter_slot(y - ay + j, kh) * stride;
        uint8_t *out = vl_filter_out_row(dst, y) + (size_t)x0 * cn;
        if (w->shift >= 0) vertical16(rows, out, n, w, kh);
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
