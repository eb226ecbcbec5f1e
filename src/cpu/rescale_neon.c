/* Rescale with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Byte-identical with rescale_ref.c: the same integer formulas, and the same float operations in
 * the same order (no FMA: the library builds with -ffp-contract=off).
 *
 * SEPARABLE works like OpenCV's resizeGeneric: a horizontal pass turns each source row the band
 * needs into K-tap sums, kept in a ring of K rows so that enlarging reuses them across destination
 * rows; a vertical pass blends K of them into a destination row. Both run over column chunks of at
 * most CHUNK destination values, so that every table and ring lives on the stack: a kernel
 * allocates nothing. The U8 horizontal pass gathers its taps with table lookups: a group of 8 or
 * 16 destination values reads its taps from one 16- or 32-byte window of the source row, and a
 * per-chunk table says which window byte each value's tap j is (vqtbl), so that every ratio up to
 * about 4:1 and every channel count runs the same vector code; groups whose window would leave
 * the row, or whose taps spread wider, take a scalar path. The vertical pass is plain vector
 * arithmetic over contiguous values.
 *
 * AREA_FAST (whole blocks), NEAREST and COPY have vector paths for the common exact ratios (2x2,
 * 4x4 blocks; x2 and /2, /4 sampling) and scalar or table-driven ones for the rest. */
#include "common/rescale.h"
#include "cpu/neon.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#define VL_INLINE static inline __attribute__((always_inline))

/* Destination values (pixels times channels) per column chunk. */
#define CHUNK 512

static const uint8_t *src_row(const vela_image_data *d, int32_t y)
{
    return (const uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

static uint8_t *dst_row(const vela_image_data *d, int32_t y)
{
    return (uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

/* The first n (< 16) bytes of v to p: a vector's worth past a row's end is never written. */
static inline void store_u8_part(uint8_t *p, uint8x16_t v, int32_t n)
{
    uint8_t t[16];
    vst1q_u8(t, v);
    memcpy(p, t, (size_t)n);
}

/* ---- SEPARABLE, U8 --------------------------------------------------------------------------- */

/* The horizontal taps of a chunk's values. Group g covers values [g G, g G + G); mode says how its
 * taps are gathered: 0 one by one, else from the window of `mode` x 16 bytes at base[g], tap j of
 * value l being window byte idx[(g K + j) G + l]. The weights are laid out alike, per group and
 * tap: 2-tap plans keep each weight w as w >> 4 (pseudo-taps 0, 1) and w & 15 (2, 3), see
 * u8_hpass2; 4-tap plans keep w as int16 (ARM64's widening multiply-add takes it so) or int32. */
typedef struct u8_cols {
    int32_t n, group;             /* values, values per group (8 or 16) */
    int32_t base[CHUNK / 8];
    uint8_t mode[CHUNK / 8];
    uint8_t idx[CHUNK * 4 + 16];  /* room for a 16-byte load of the last group's 8 indices */
    int16_t w16[CHUNK * 4];
    int32_t w32[CHUNK * 4];
    int32_t off[CHUNK][4];        /* every value's taps: source byte, weight */
    int32_t iw[CHUNK][4];
} u8_cols;

/* Columns [px0, px1) of the destination: the group size is 16 values where every group's taps fit
 * a 32-byte window, else 8. */
static void u8_cols_build(const vl_rescale_plan *p, int32_t px0, int32_t px1, u8_cols *c)
{
    const int32_t cn = p->channels, k = p->ksize, row_bytes = p->src_w * cn;
    c->n = (px1 - px0) * cn;
    for (int32_t px = px0; px < px1; px++) {
        vl_rescale_taps t;
        vl_rescale_col_taps(p, px, &t);
        for (int32_t ch = 0; ch < cn; ch++)
            for (int32_t j = 0; j < k; j++) {
                c->off[(px - px0) * cn + ch][j] = vl_rescale_clamp(t.first + j, p->src_w) * cn + ch;
                c->iw[(px - px0) * cn + ch][j] = t.iw[j];
            }
    }
    int32_t widest = 0;  /* over full groups of 16 */
    for (int32_t v0 = 0; v0 + 16 <= c->n; v0 += 16) {
        int32_t lo = INT_MAX, hi = 0;
        for (int32_t v = v0; v < v0 + 16; v++)
            for (int32_t j = 0; j < k; j++) {
                lo = c->off[v][j] < lo ? c->off[v][j] : lo;
                hi = c->off[v][j] > hi ? c->off[v][j] : hi;
            }
        widest = hi - lo + 1 > widest ? hi - lo + 1 : widest;
    }
    const int32_t g = widest <= 32 ? 16 : 8;
    c->group = g;
    memset(c->idx, 0, sizeof c->idx);
    for (int32_t gi = 0, v0 = 0; v0 < c->n; gi++, v0 += g) {
        const int32_t m = c->n - v0 < g ? c->n - v0 : g;  /* values in the group */
        int32_t lo = INT_MAX, hi = 0;
        for (int32_t v = v0; v < v0 + m; v++)
            for (int32_t j = 0; j < k; j++) {
                lo = c->off[v][j] < lo ? c->off[v][j] : lo;
                hi = c->off[v][j] > hi ? c->off[v][j] : hi;
            }
        const int32_t window = hi - lo + 1 <= 16 ? 16 : 32;
        c->mode[gi] = (uint8_t)(m == g && hi - lo + 1 <= 32 && row_bytes >= window ? window / 16 : 0);
        /* The window stays inside the row: where it would pass the end, it ends there instead. */
        const int32_t base = lo < row_bytes - window ? lo : row_bytes - window;
        c->base[gi] = base;
        for (int32_t l = 0; l < g; l++) {
            const int32_t v = v0 + (l < m ? l : m - 1);  /* a partial group repeats its last value */
            for (int32_t j = 0; j < 4; j++) {
                const int32_t w = j < k ? c->iw[v][j] : 0, at = (gi * 4 + j) * g + l;
                if (j < k) c->idx[(gi * k + j) * g + l] = (uint8_t)(c->mode[gi] ? c->off[v][j] - base : 0);
                c->w32[at] = w;
                c->w16[at] = (int16_t)w;
            }
            if (k == 2)
                for (int32_t j = 0; j < 2; j++) {
                    c->w16[(gi * 4 + j) * g + l] = (int16_t)(c->iw[v][j] >> 4);
                    c->w16[(gi * 4 + 2 + j) * g + l] = (int16_t)(c->iw[v][j] & 15);
                }
        }
    }
}

/* SIMDe keeps 64-bit vectors in MMX registers on x86, and moving them to and from SSE registers is
 * slow. So where ARM64 is best served by the widening and narrowing forms (vmovl, vrshrn, vqmovn,
 * vmull), x86 gets 128-bit zips, unzips and 32-bit multiplies that compute the same values. */
#if defined(__aarch64__)
#  define VL_ARM64 1
#else
#  define VL_ARM64 0
#endif

static inline int16x8_t widen_lo(uint8x16_t v)
{
#if VL_ARM64
    return vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(v)));
#else
    return vreinterpretq_s16_u8(vzip1q_u8(v, vdupq_n_u8(0)));
#endif
}

static inline int16x8_t widen_hi(uint8x16_t v)
{
#if VL_ARM64
    return vreinterpretq_s16_u16(vmovl_high_u8(v));
#else
    return vreinterpretq_s16_u8(vzip2q_u8(v, vdupq_n_u8(0)));
#endif
}

/* Two vectors of values in [0, 255] as 16 bytes. */
static inline uint8x16_t pack_u8(int16x8_t a, int16x8_t b)
{
#if VL_ARM64
    return vcombine_u8(vmovn_u16(vreinterpretq_u16_s16(a)), vmovn_u16(vreinterpretq_u16_s16(b)));
#else
    return vuzp1q_u8(vreinterpretq_u8_s16(a), vreinterpretq_u8_s16(b));
#endif
}

/* The taps of 8 values (the group's first 8 for G = 8, or half h of 16), as int16. */
VL_INLINE int16x8_t taps_of(uint8x16x2_t win, int mode, const uint8_t *idx, int g, int h)
{
    uint8x16_t i = vld1q_u8(idx), t = mode == 1 ? vqtbl1q_u8(win.val[0], i) : vqtbl2q_u8(win, i);
    return h && g == 16 ? widen_hi(t) : widen_lo(t);
}

/* Groups of 8: the indices of taps j and j + 1 are 16 consecutive bytes, so one lookup gathers
 * both (into the low and high halves). */
VL_INLINE void tap_pair8(uint8x16x2_t win, int mode, const uint8_t *idx, int16x8_t *a, int16x8_t *b)
{
    uint8x16_t i = vld1q_u8(idx), t = mode == 1 ? vqtbl1q_u8(win.val[0], i) : vqtbl2q_u8(win, i);
    *a = widen_lo(t);
    *b = widen_hi(t);
}

VL_INLINE uint8x16x2_t window_of(const uint8_t *row, int32_t base, int mode)
{
    uint8x16x2_t win;
    win.val[0] = vld1q_u8(row + base);
    win.val[1] = mode == 2 ? vld1q_u8(row + base + 16) : win.val[0];
    return win;
}

/* 2 taps. The sum t0 w0 + t1 w1 needs 20 bits, but LINEAR's vertical pass only uses it >> 4, and
 * with w = 16 (w >> 4) + (w & 15) that is A + (B >> 4) exactly, where A = t0 (w0 >> 4) + t1 (w1 >> 4)
 * <= 255 * 128 and B = t0 (w0 & 15) + t1 (w1 & 15) <= 255 * 30 both fit 16 bits: 8 lanes a multiply. */
VL_INLINE void u8_hpass2(const u8_cols *c, const uint8_t *row, int16_t *out, int g)
{
    for (int32_t gi = 0, v0 = 0; v0 < c->n; gi++, v0 += g) {
        const int mode = c->mode[gi];
        const int16_t *w = c->w16 + gi * 4 * g;
        if (!mode) {
            for (int32_t v = v0; v < v0 + g && v < c->n; v++)
                out[v] = (int16_t)((row[c->off[v][0]] * c->iw[v][0] + row[c->off[v][1]] * c->iw[v][1]) >> 4);
            continue;
        }
        const uint8x16x2_t win = window_of(row, c->base[gi], mode);
        const uint8_t *idx = c->idx + gi * 2 * g;
        for (int h = 0; h < g / 8; h++) {
            int16x8_t t0, t1;
            if (g == 8) tap_pair8(win, mode, idx, &t0, &t1);
            else t0 = taps_of(win, mode, idx, g, h), t1 = taps_of(win, mode, idx + g, g, h);
            int16x8_t a = vmlaq_s16(vmulq_s16(t0, vld1q_s16(w + 8 * h)), t1, vld1q_s16(w + g + 8 * h));
            int16x8_t b = vmlaq_s16(vmulq_s16(t0, vld1q_s16(w + 2 * g + 8 * h)), t1, vld1q_s16(w + 3 * g + 8 * h));
            vst1q_s16(out + v0 + 8 * h, vsraq_n_s16(a, b, 4));
        }
    }
}

/* LINEAR to exactly twice the width, one channel. Value 2i is (512 s[i-1] + 1536 s[i]) >> 4 and
 * value 2i + 1 is (1536 s[i] + 512 s[i+1]) >> 4, that is 32 (s[i-1] + 3 s[i]) and
 * 32 (3 s[i] + s[i+1]): the weights are exact in Q11, so no tap tables are built or looked up. The
 * row's first and last values take their taps from the plan (OpenCV moves the tap there). */
static bool u8_twice_as_wide(const vl_rescale_plan *p)
{
    return p->rule == VL_RULE_LINEAR && p->ksize == 2 && p->channels == 1 && p->dst_w == 2 * p->src_w;
}

static int16_t u8_x2_value(const vl_rescale_plan *p, const uint8_t *s, int32_t dx)
{
    const int32_t i = dx >> 1;
    if (dx == 0 || dx == 2 * p->src_w - 1) {
        vl_rescale_taps t;
        vl_rescale_col_taps(p, dx, &t);
        return (int16_t)((s[vl_rescale_clamp(t.first, p->src_w)] * t.iw[0] +
                          s[vl_rescale_clamp(t.first + 1, p->src_w)] * t.iw[1]) >> 4);
    }
    return (int16_t)(dx & 1 ? 32 * (3 * s[i] + s[i + 1]) : 32 * (s[i - 1] + 3 * s[i]));
}

/* The low or high 8 bytes of v as uint16 (a zip with zero: one instruction through SIMDe too). */
VL_INLINE uint16x8_t u16_lo(uint8x16_t v) { return vreinterpretq_u16_u8(vzip1q_u8(v, vdupq_n_u8(0))); }
VL_INLINE uint16x8_t u16_hi(uint8x16_t v) { return vreinterpretq_u16_u8(vzip2q_u8(v, vdupq_n_u8(0))); }

/* Values [px0, px1) of a row's horizontal sums, 32 at a time from 16 source bytes and their
 * neighbours. */
static void u8_hpass2_x2(const vl_rescale_plan *p, const uint8_t *s, int32_t px0, int32_t px1, int16_t *out)
{
    const int32_t w = p->src_w;
    for (int32_t dx = px0; dx < px1;) {
        const int32_t i = dx >> 1;
        if ((dx & 1) || i < 1 || i + 17 > w || dx + 32 > px1) {
            out[dx - px0] = u8_x2_value(p, s, dx);
            dx++;
            continue;
        }
        const uint8x16_t prev = vld1q_u8(s + i - 1), cur = vld1q_u8(s + i), next = vld1q_u8(s + i + 1);
        for (int h = 0; h < 2; h++) {
            const uint16x8_t c = h ? u16_hi(cur) : u16_lo(cur);
            const uint16x8_t c3 = vaddq_u16(c, vshlq_n_u16(c, 1));
            const uint16x8_t even = vshlq_n_u16(vaddq_u16(c3, h ? u16_hi(prev) : u16_lo(prev)), 5);
            const uint16x8_t odd = vshlq_n_u16(vaddq_u16(c3, h ? u16_hi(next) : u16_lo(next)), 5);
            int16_t *o = out + dx - px0 + 16 * h;
            vst1q_s16(o, vreinterpretq_s16_u16(vzip1q_u16(even, odd)));
            vst1q_s16(o + 8, vreinterpretq_s16_u16(vzip2q_u16(even, odd)));
        }
        dx += 32;
    }
}

/* 4 taps, int32 sums. */
VL_INLINE void u8_hpass4(const u8_cols *c, const uint8_t *row, int32_t *out, int g)
{
    for (int32_t gi = 0, v0 = 0; v0 < c->n; gi++, v0 += g) {
        const int mode = c->mode[gi];
        if (!mode) {
            for (int32_t v = v0; v < v0 + g && v < c->n; v++) {
                int32_t sum = 0;
                for (int j = 0; j < 4; j++) sum += row[c->off[v][j]] * c->iw[v][j];
                out[v] = sum;
            }
            continue;
        }
        const uint8x16x2_t win = window_of(row, c->base[gi], mode);
        const uint8_t *idx = c->idx + gi * 4 * g;
        for (int h = 0; h < g / 8; h++) {
            int32x4_t lo = vdupq_n_s32(0), hi = vdupq_n_s32(0);
            int16x8_t tp[4];
            for (int j = 0; j < 4; j += 2) {
                if (g == 8) tap_pair8(win, mode, idx + j * g, &tp[j], &tp[j + 1]);
                else tp[j] = taps_of(win, mode, idx + j * g, g, h), tp[j + 1] = taps_of(win, mode, idx + (j + 1) * g, g, h);
            }
            for (int j = 0; j < 4; j++) {
                int16x8_t t = tp[j];
#if VL_ARM64
                int16x8_t w = vld1q_s16(c->w16 + (gi * 4 + j) * g + 8 * h);
                lo = vmlal_s16(lo, vget_low_s16(t), vget_low_s16(w));
                hi = vmlal_high_s16(hi, t, w);
#else
                const int32_t *w = c->w32 + (gi * 4 + j) * g + 8 * h;
                const uint16x8_t z = vdupq_n_u16(0), tu = vreinterpretq_u16_s16(t);
                lo = vmlaq_s32(lo, vreinterpretq_s32_u16(vzip1q_u16(tu, z)), vld1q_s32(w));
                hi = vmlaq_s32(hi, vreinterpretq_s32_u16(vzip2q_u16(tu, z)), vld1q_s32(w + 4));
#endif
            }
            vst1q_s32(out + v0 + 8 * h, lo);
            vst1q_s32(out + v0 + 8 * h + 4, hi);
        }
    }
}

/* (b h) >> 16 for 8 values, b and h in [0, 2^15). ARM64 has it as vqdmulh's (2 b h) >> 16, halved.
 * SIMDe emulates vqdmulh element by element and lowers no NEON intrinsic to x86's multiply-high,
 * the one operation of the vertical pass it cannot make fast; its int16x8_t holds an __m128i there,
 * so x86 takes pmulhw itself. Other SIMDe targets use vqrdmulh: its rounded (2 b h + 2^15) >> 16
 * exceeds floor(b h / 2^15) by bit 14 of the low product, which vmul gives. */
static inline int16x8_t mulhi(int16x8_t h, int16x8_t b)
{
#if VL_ARM64
    return vshrq_n_s16(vqdmulhq_s16(h, b), 1);
#elif defined(SIMDE_X86_SSE2_NATIVE) && !defined(SIMDE_ARM_NEON_A32V7_NATIVE)
    simde_int16x8_private x = simde_int16x8_to_private(h), y = simde_int16x8_to_private(b);
    x.m128i = _mm_mulhi_epi16(x.m128i, y.m128i);
    return simde_int16x8_from_private(x);
#else
    uint16x8_t bit14 = vshrq_n_u16(vshlq_n_u16(vreinterpretq_u16_s16(vmulq_s16(h, b)), 1), 15);
    return vshrq_n_s16(vsubq_s16(vqrdmulhq_s16(h, b), vreinterpretq_s16_u16(bit14)), 1);
#endif
}

/* (a + 2) >> 2 of values a in [0, 1022], as 16 bytes: ARM64 rounds and narrows in one instruction;
 * SIMDe's rounding shift takes six, so x86 gets a plain add and shift, and an unzip. */
static inline uint8x16_t round2_pack(int16x8_t a0, int16x8_t a1)
{
#if VL_ARM64
    return vcombine_u8(vqrshrun_n_s16(a0, 2), vqrshrun_n_s16(a1, 2));
#else
    const int16x8_t two = vdupq_n_s16(2);
    return pack_u8(vshrq_n_s16(vaddq_s16(a0, two), 2), vshrq_n_s16(vaddq_s16(a1, two), 2));
#endif
}

/* LINEAR / AREA-as-bilinear: OpenCV's 16-bit blend of two rows of sums >> 4 (see
 * vl_rescale_vlinear_u8); the result is in [0, 255] by construction. */
static void u8_vlinear(const int16_t *r0, const int16_t *r1, int32_t b0, int32_t b1, uint8_t *out, int32_t n)
{
    const int16x8_t vb0 = vdupq_n_s16((int16_t)b0), vb1 = vdupq_n_s16((int16_t)b1);
    for (int32_t x = 0; x < n; x += 16) {
        int16x8_t a0 = vaddq_s16(mulhi(vld1q_s16(r0 + x), vb0), mulhi(vld1q_s16(r1 + x), vb1));
        int16x8_t a1 = vaddq_s16(mulhi(vld1q_s16(r0 + x + 8), vb0), mulhi(vld1q_s16(r1 + x + 8), vb1));
        uint8x16_t o = round2_pack(a0, a1);
        if (x + 16 <= n) vst1q_u8(out + x, o);
        else store_u8_part(out + x, o, n - x);
    }
}

/* CUBIC: (sum of b h + 2^21) >> 22, saturated. */
static void u8_vcubic(const int32_t *const r[4], const int32_t b[4], uint8_t *out, int32_t n)
{
    for (int32_t x = 0; x < n; x += 16) {
        int32x4_t s[4];
        for (int e = 0; e < 4; e++) {
            int32_t i = x + e * 4;
            int32x4_t a = vmulq_n_s32(vld1q_s32(r[0] + i), b[0]);
            a = vmlaq_n_s32(a, vld1q_s32(r[1] + i), b[1]);
            a = vmlaq_n_s32(a, vld1q_s32(r[2] + i), b[2]);
            a = vmlaq_n_s32(a, vld1q_s32(r[3] + i), b[3]);
            s[e] = vrshrq_n_s32(a, 22);
        }
#if VL_ARM64
        uint8x16_t o = vcombine_u8(vqmovun_s16(vcombine_s16(vqmovn_s32(s[0]), vqmovn_s32(s[1]))),
                                   vqmovun_s16(vcombine_s16(vqmovn_s32(s[2]), vqmovn_s32(s[3]))));
#else
        for (int e = 0; e < 4; e++) s[e] = vmaxq_s32(vminq_s32(s[e], vdupq_n_s32(255)), vdupq_n_s32(0));
        uint8x16_t o = pack_u8(vuzp1q_s16(vreinterpretq_s16_s32(s[0]), vreinterpretq_s16_s32(s[1])),
                               vuzp1q_s16(vreinterpretq_s16_s32(s[2]), vreinterpretq_s16_s32(s[3])));
#endif
        if (x + 16 <= n) vst1q_u8(out + x, o);
        else store_u8_part(out + x, o, n - x);
    }
}

/* The ring of horizontal sums: slot u mod K holds source row clamp(u), u being the unclamped row
 * index, so that the K consecutive rows a destination row needs never collide. */
static int32_t ring_slot(int32_t u, int32_t k) { return ((u % k) + k) % k; }

VL_INLINE void u8_separable_k(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst,
                              int32_t y0, int32_t y1, int k)
{
    static const int32_t unset = INT_MIN;
    const int32_t cn = p->channels, chunk_px = CHUNK / cn;
    u8_cols cols;
    const bool x2 = u8_twice_as_wide(p);  /* k == 2 */
    /* LINEAR keeps int16 sums (>> 4), CUBIC int32; both with room for a last, partial vector. */
    int16_t sums16[2][CHUNK + 16];
    int32_t sums32[4][CHUNK + 16];
    for (int32_t px0 = 0; px0 < p->dst_w; px0 += chunk_px) {
        int32_t px1 = px0 + chunk_px < p->dst_w ? px0 + chunk_px : p->dst_w;
        const int32_t n = (px1 - px0) * cn;
        if (!x2) u8_cols_build(p, px0, px1, &cols);
        int32_t cached[4] = { unset, unset, unset, unset };
        for (int32_t dy = y0; dy < y1; dy++) {
            vl_rescale_taps ty;
            vl_rescale_row_taps(p, dy, &ty);
            int32_t slot[4];
            for (int32_t r = 0; r < k; r++) {
                int32_t u = ty.first + r, s = ring_slot(u, k);
                if (cached[s] != u) {
                    const uint8_t *row = src_row(src, vl_rescale_clamp(u, p->src_h));
                    if (x2) {
                        u8_hpass2_x2(p, row, px0, px1, sums16[s]);
                    } else if (k == 2) {
                        if (cols.group == 16) u8_hpass2(&cols, row, sums16[s], 16);
                        else u8_hpass2(&cols, row, sums16[s], 8);
                    } else {
                        if (cols.group == 16) u8_hpass4(&cols, row, sums32[s], 16);
                        else u8_hpass4(&cols, row, sums32[s], 8);
                    }
                    cached[s] = u;
                }
                slot[r] = s;
            }
            uint8_t *out = dst_row(dst, dy) + px0 * cn;
            if (k == 2) {
                u8_vlinear(sums16[slot[0]], sums16[slot[1]], ty.iw[0], ty.iw[1], out, n);
            } else {
                const int32_t *rows[4] = { sums32[slot[0]], sums32[slot[1]], sums32[slot[2]], sums32[slot[3]] };
                u8_vcubic(rows, ty.iw, out, n);
            }
        }
    }
}

/* ---- SEPARABLE, S16 and F32 ------------------------------------------------------------------- */

typedef struct f_cols {
    int32_t n;
    int32_t off[CHUNK][4];  /* source element of each value's taps */
    float w[CHUNK][4];
} f_cols;

static void f_cols_build(const vl_rescale_plan *p, int32_t px0, int32_t px1, f_cols *c)
{
    const int32_t cn = p->channels;
    c->n = (px1 - px0) * cn;
    for (int32_t px = px0; px < px1; px++) {
        vl_rescale_taps t;
        vl_rescale_col_taps(p, px, &t);
        for (int32_t ch = 0; ch < cn; ch++)
            for (int32_t j = 0; j < p->ksize; j++) {
                c->off[(px - px0) * cn + ch][j] = vl_rescale_clamp(t.first + j, p->src_w) * cn + ch;
                c->w[(px - px0) * cn + ch][j] = t.w[j];
            }
    }
}

/* The horizontal pass gathers element by element (NEON has no gather); the products and sums are
 * the reference's, in its order. */
VL_INLINE void f_hpass(const f_cols *c, const void *row, float *out, int k, int s16)
{
    const int16_t *rs = row;
    const float *rf = row;
    for (int32_t v = 0; v < c->n; v++) {
        const int32_t *o = c->off[v];
        const float *w = c->w[v];
        float a = (s16 ? (float)rs[o[0]] : rf[o[0]]) * w[0];
        for (int j = 1; j < k; j++) a = a + (s16 ? (float)rs[o[j]] : rf[o[j]]) * w[j];
        out[v] = a;
    }
}

static void f_vpass(const float *const r[4], const float b[4], int k, uint8_t *out, int32_t n, int s16)
{
    int32_t x = 0;
    for (; x + 4 <= n; x += 4) {
        float32x4_t a = vmulq_n_f32(vld1q_f32(r[0] + x), b[0]);
        for (int j = 1; j < k; j++) a = vaddq_f32(a, vmulq_n_f32(vld1q_f32(r[j] + x), b[j]));
        if (s16) vst1_s16((int16_t *)out + x, vqmovn_s32(vcvtq_s32_f32(vrndnq_f32(a))));
        else vst1q_f32((float *)out + x, a);
    }
    for (; x < n; x++) {
        float a = r[0][x] * b[0];
        for (int j = 1; j < k; j++) a = a + r[j][x] * b[j];
        if (s16) ((int16_t *)out)[x] = vl_rescale_f32_to_s16(a);
        else ((float *)out)[x] = a;
    }
}

VL_INLINE void f_separable_k(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst,
                             int32_t y0, int32_t y1, int k, int s16)
{
    static const int32_t unset = INT_MIN;
    const int32_t cn = p->channels, chunk_px = CHUNK / cn, esize = s16 ? 2 : 4;
    f_cols cols;
    float sums[4][CHUNK];
    for (int32_t px0 = 0; px0 < p->dst_w; px0 += chunk_px) {
        int32_t px1 = px0 + chunk_px < p->dst_w ? px0 + chunk_px : p->dst_w;
        f_cols_build(p, px0, px1, &cols);
        int32_t cached[4] = { unset, unset, unset, unset };
        for (int32_t dy = y0; dy < y1; dy++) {
            vl_rescale_taps ty;
            vl_rescale_row_taps(p, dy, &ty);
            const float *rows[4];
            for (int32_t r = 0; r < k; r++) {
                int32_t u = ty.first + r, s = ring_slot(u, k);
                if (cached[s] != u) {
                    f_hpass(&cols, src_row(src, vl_rescale_clamp(u, p->src_h)), sums[s], k, s16);
                    cached[s] = u;
                }
                rows[r] = sums[s];
            }
            f_vpass(rows, ty.w, k, dst_row(dst, dy) + (size_t)px0 * cn * esize, cols.n, s16);
        }
    }
}

static void separable(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                      int32_t y1)
{
    int k4 = p->ksize == 4;
    switch (p->depth) {
    case VL_DEPTH_U8:
        if (k4) u8_separable_k(p, src, dst, y0, y1, 4);
        else u8_separable_k(p, src, dst, y0, y1, 2);
        break;
    case VL_DEPTH_S16:
        if (k4) f_separable_k(p, src, dst, y0, y1, 4, 1);
        else f_separable_k(p, src, dst, y0, y1, 2, 1);
        break;
    default:
        if (k4) f_separable_k(p, src, dst, y0, y1, 4, 0);
        else f_separable_k(p, src, dst, y0, y1, 2, 0);
        break;
    }
}

/* ---- AREA_FAST: the mean of whole blocks ------------------------------------------------------- */

/* One destination pixel, as the reference computes it: the tails of the vector paths, and every
 * block size, format and channel count they do not cover. */
static void block_px(const vl_rescale_plan *p, const vela_image_data *src, int32_t dy, uint8_t *out, int32_t dx)
{
    const int32_t cn = p->channels;
    for (int32_t c = 0; c < cn; c++) {
        int32_t o = dx * cn + c, isum = 0;
        float fsum = 0.f;
        for (int32_t r = 0; r < p->ky; r++) {
            const int32_t i0 = dx * p->kx * cn + c;
            const uint8_t *row8 = src_row(src, dy * p->ky + r);
            if (p->depth == VL_DEPTH_F32) {
                const float *row = (const float *)row8;
                float rsum = row[i0];
                for (int32_t t = 1; t < p->kx; t++) rsum = rsum + row[i0 + t * cn];
                fsum = r == 0 ? rsum : fsum + rsum;
            } else if (p->depth == VL_DEPTH_S16) {
                for (int32_t t = 0; t < p->kx; t++) isum += ((const int16_t *)row8)[i0 + t * cn];
            } else {
                for (int32_t t = 0; t < p->kx; t++) isum += row8[i0 + t * cn];
            }
        }
        if (p->depth == VL_DEPTH_F32) ((float *)out)[o] = fsum * (1.f / (float)(p->kx * p->ky));
        else if (p->depth == VL_DEPTH_S16) ((int16_t *)out)[o] = vl_rescale_sat_s16(vl_rescale_block_mean(isum, p->kx, p->ky));
        else out[o] = vl_rescale_sat_u8(vl_rescale_block_mean(isum, p->kx, p->ky));
    }
}

/* (a + 2^(n-1)) >> n of two u16 vectors whose results fit a byte (block means), as 16 bytes. */
#if VL_ARM64
#  define RSHR_PACK(a, b, n) vcombine_u8(vrshrn_n_u16((a), n), vrshrn_n_u16((b), n))
#else
#  define RSHR_PACK(a, b, n)                                                                   \
    pack_u8(vreinterpretq_s16_u16(vshrq_n_u16(vaddq_u16((a), vdupq_n_u16(1 << ((n) - 1))), n)), \
            vreinterpretq_s16_u16(vshrq_n_u16(vaddq_u16((b), vdupq_n_u16(1 << ((n) - 1))), n)))
#endif

/* The 2x2 blocks stream two source rows and do little with them. On x86 (a Zen 3 core, through
 * SIMDe) prefetching each row 2 KiB ahead, into the next pair of rows near a row's end, made
 * U8 1280x720 -> 640x360 with two threads 0.157 -> 0.102-0.121 ms and RGBA8 0.44 -> 0.38-0.41 ms
 * (vela_bench medians), the hardware prefetchers alone keeping fewer lines in flight. ARM64 is
 * left to its own prefetchers: unmeasured there, and the instructions would count. */
#if VL_ARM64
#  define PREFETCH_ROWS(a, b) ((void)(a), (void)(b))
#else
#  define PREFETCH_ROWS(a, b) (__builtin_prefetch((a) + 2048), __builtin_prefetch((b) + 2048))
#endif

/* 2x2, one channel: pairwise sums of the two rows, (s + 2) >> 2. Returns the pixels done. */
static int32_t u8_block2_c1(const uint8_t *r0, const uint8_t *r1, uint8_t *out, int32_t n)
{
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        PREFETCH_ROWS(r0 + 2 * i, r1 + 2 * i);
        uint16x8_t s0 = vpadalq_u8(vpaddlq_u8(vld1q_u8(r0 + 2 * i)), vld1q_u8(r1 + 2 * i));
        uint16x8_t s1 = vpadalq_u8(vpaddlq_u8(vld1q_u8(r0 + 2 * i + 16)), vld1q_u8(r1 + 2 * i + 16));
        vst1q_u8(out + i, RSHR_PACK(s0, s1, 2));
    }
    return i;
}

static inline uint16x8_t sum4_lo(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d)
{
    return vreinterpretq_u16_s16(vaddq_s16(vaddq_s16(widen_lo(a), widen_lo(b)), vaddq_s16(widen_lo(c), widen_lo(d))));
}

static inline uint16x8_t sum4_hi(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d)
{
    return vreinterpretq_u16_s16(vaddq_s16(vaddq_s16(widen_hi(a), widen_hi(b)), vaddq_s16(widen_hi(c), widen_hi(d))));
}

/* 2x2, four channels. ARM64 de-interleaves the even and odd pixels of each row in one load and adds
 * them widened. x86 instead pairs each channel of pixels 2k and 2k + 1 in adjacent bytes (one
 * PSHUFB: SIMDe folds vqtbl1q_u8's index check when the index is constant) and adds the pairs
 * (vpaddlq_u8, vpadalq_u8: a PMADDUBSW each), 23 instructions per 4 pixels where the unzip and
 * widening took 41; SIMDe's vld2q_u32 would also assume 4-byte aligned pixels. */
static int32_t u8_block2_c4(const uint8_t *r0, const uint8_t *r1, uint8_t *out, int32_t n)
{
    int32_t i = 0;
#if VL_ARM64
    for (; i + 4 <= n; i += 4) {
        const uint32x4x2_t a = vld2q_u32((const uint32_t *)(const void *)(r0 + 8 * i));
        const uint32x4x2_t b = vld2q_u32((const uint32_t *)(const void *)(r1 + 8 * i));
        const uint8x16_t ae = vreinterpretq_u8_u32(a.val[0]), ao = vreinterpretq_u8_u32(a.val[1]);
        const uint8x16_t be = vreinterpretq_u8_u32(b.val[0]), bo = vreinterpretq_u8_u32(b.val[1]);
        const uint16x8_t lo = vaddq_u16(vaddl_u8(vget_low_u8(ae), vget_low_u8(ao)), vaddl_u8(vget_low_u8(be), vget_low_u8(bo)));
        const uint16x8_t hi = vaddq_u16(vaddl_high_u8(ae, ao), vaddl_high_u8(be, bo));
        vst1q_u8(out + 4 * i, RSHR_PACK(lo, hi, 2));
    }
#else
    static const uint8_t pairs[16] = { 0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15 };
    const uint8x16_t idx = vld1q_u8(pairs);
    for (; i + 4 <= n; i += 4) {
        const uint8_t *a = r0 + 8 * i, *b = r1 + 8 * i;
        PREFETCH_ROWS(a, b);
        uint16x8_t lo = vpadalq_u8(vpaddlq_u8(vqtbl1q_u8(vld1q_u8(a), idx)), vqtbl1q_u8(vld1q_u8(b), idx));
        uint16x8_t hi = vpadalq_u8(vpaddlq_u8(vqtbl1q_u8(vld1q_u8(a + 16), idx)), vqtbl1q_u8(vld1q_u8(b + 16), idx));
        vst1q_u8(out + 4 * i, RSHR_PACK(lo, hi, 2));
    }
#endif
    return i;
}

/* 2x2, three channels, 8 pixels from 48 bytes a row: every byte plus the one 3 later (the same
 * channel of the next pixel), summed over the rows and rounded; then the bytes of even pixels are
 * picked out. */
static int32_t u8_block2_c3(const uint8_t *r0, const uint8_t *r1, uint8_t *out, int32_t n)
{
    static const uint8_t pick0[16] = { 0, 1, 2, 6, 7, 8, 12, 13, 14, 18, 19, 20, 24, 25, 26, 30 };
    static const uint8_t pick1[16] = { 15, 16, 20, 21, 22, 26, 27, 28 };  /* 31, 32, 36, ... less 16 */
    const uint8x16_t i0 = vld1q_u8(pick0), i1 = vld1q_u8(pick1);
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint8x16_t v[2][6];
        for (int r = 0; r < 2; r++) {
            const uint8_t *q = (r ? r1 : r0) + 6 * i;
            uint8x16_t a = vld1q_u8(q), b = vld1q_u8(q + 16), c = vld1q_u8(q + 32);
            v[r][0] = a, v[r][1] = vextq_u8(a, b, 3);
            v[r][2] = b, v[r][3] = vextq_u8(b, c, 3);
            v[r][4] = c, v[r][5] = vextq_u8(c, c, 3);
        }
        uint8x16x2_t ab = { { RSHR_PACK(sum4_lo(v[0][0], v[0][1], v[1][0], v[1][1]), sum4_hi(v[0][0], v[0][1], v[1][0], v[1][1]), 2),
                              RSHR_PACK(sum4_lo(v[0][2], v[0][3], v[1][2], v[1][3]), sum4_hi(v[0][2], v[0][3], v[1][2], v[1][3]), 2) } };
        uint8x16_t cc = RSHR_PACK(sum4_lo(v[0][4], v[0][5], v[1][4], v[1][5]), sum4_hi(v[0][4], v[0][5], v[1][4], v[1][5]), 2);
        uint8x16x2_t bc = { { ab.val[1], cc } };
        uint8_t t[16];
        vst1q_u8(out + 3 * i, vqtbl2q_u8(ab, i0));
        vst1q_u8(t, vqtbl2q_u8(bc, i1));
        memcpy(out + 3 * i + 16, t, 8);
    }
    return i;
}

/* sums / 16 rounded half to even (OpenCV's float path, exact for these sums), as 16 bytes: rounding
 * half up, less one where the sum is an odd multiple of 8 below an even quotient: (s & 31) == 8. */
static inline uint8x16_t div16_even(uint16x8_t s0, uint16x8_t s1)
{
    const uint16x8_t m31 = vdupq_n_u16(31), m8 = vdupq_n_u16(8);
    uint16x8_t t0 = vceqq_u16(vandq_u16(s0, m31), m8), t1 = vceqq_u16(vandq_u16(s1, m31), m8);
    return vaddq_u8(RSHR_PACK(s0, s1, 4), pack_u8(vreinterpretq_s16_u16(t0), vreinterpretq_s16_u16(t1)));
}

/* 4x4, one channel: pairwise sums accumulated over the 4 rows, then pairs of pairs. */
static int32_t u8_block4_c1(const uint8_t *const *r, uint8_t *out, int32_t n)
{
    int32_t i = 0;
    for (; i + 16 <= n; i += 16) {
        uint16x8_t a[4];
        for (int q = 0; q < 4; q++) {
            a[q] = vpaddlq_u8(vld1q_u8(r[0] + 4 * i + 16 * q));
            for (int y = 1; y < 4; y++) a[q] = vpadalq_u8(a[q], vld1q_u8(r[y] + 4 * i + 16 * q));
        }
        vst1q_u8(out + i, div16_even(vpaddq_u16(a[0], a[1]), vpaddq_u16(a[2], a[3])));
    }
    return i;
}

/* 4x4, four channels: each 16-byte load is one block row of one output pixel; its pixels 0 + 2 and
 * 1 + 3 are the halves of a u16 vector, added across two output pixels by 64-bit zips. */
static int32_t u8_block4_c4(const uint8_t *const *r, uint8_t *out, int32_t n)
{
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint16x8_t px[4];
        for (int j = 0; j < 4; j++) {
            uint8x16_t v0 = vld1q_u8(r[0] + 16 * (i + j)), v1 = vld1q_u8(r[1] + 16 * (i + j));
            uint8x16_t v2 = vld1q_u8(r[2] + 16 * (i + j)), v3 = vld1q_u8(r[3] + 16 * (i + j));
            px[j] = vaddq_u16(sum4_lo(v0, v1, v2, v3), sum4_hi(v0, v1, v2, v3));
        }
        uint16x8_t s01 = vreinterpretq_u16_u64(vaddq_u64(vzip1q_u64(vreinterpretq_u64_u16(px[0]), vreinterpretq_u64_u16(px[1])),
                                                         vzip2q_u64(vreinterpretq_u64_u16(px[0]), vreinterpretq_u64_u16(px[1]))));
        uint16x8_t s23 = vreinterpretq_u16_u64(vaddq_u64(vzip1q_u64(vreinterpretq_u64_u16(px[2]), vreinterpretq_u64_u16(px[3])),
                                                         vzip2q_u64(vreinterpretq_u64_u16(px[2]), vreinterpretq_u64_u16(px[3]))));
        vst1q_u8(out + 4 * i, div16_even(s01, s23));
    }
    return i;
}

static int32_t s16_block2_c1(const int16_t *r0, const int16_t *r1, int16_t *out, int32_t n)
{
    int32_t i = 0;
    const int32x4_t two = vdupq_n_s32(2);
    for (; i + 8 <= n; i += 8) {
        int32x4_t s0 = vaddq_s32(vpadalq_s16(vpaddlq_s16(vld1q_s16(r0 + 2 * i)), vld1q_s16(r1 + 2 * i)), two);
        int32x4_t s1 = vaddq_s32(vpadalq_s16(vpaddlq_s16(vld1q_s16(r0 + 2 * i + 8)), vld1q_s16(r1 + 2 * i + 8)), two);
        vst1q_s16(out + i, vuzp1q_s16(vreinterpretq_s16_s32(vshrq_n_s32(s0, 2)), vreinterpretq_s16_s32(vshrq_n_s32(s1, 2))));
    }
    return i;
}

/* F32 2x2 sums each row's pair first, then the rows: the reference's order. */
static int32_t f32_block2_c1(const float *r0, const float *r1, float *out, int32_t n)
{
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        float32x4_t a = vpaddq_f32(vld1q_f32(r0 + 2 * i), vld1q_f32(r0 + 2 * i + 4));
        float32x4_t b = vpaddq_f32(vld1q_f32(r1 + 2 * i), vld1q_f32(r1 + 2 * i + 4));
        vst1q_f32(out + i, vmulq_n_f32(vaddq_f32(a, b), 0.25f));
    }
    return i;
}

static void area_fast(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                      int32_t y1)
{
    const int32_t cn = p->channels, n = p->dst_w;
    const int u8 = p->depth == VL_DEPTH_U8;
    for (int32_t dy = y0; dy < y1; dy++) {
        const uint8_t *rows[4] = { NULL, NULL, NULL, NULL };
        for (int32_t r = 0; r < p->ky && r < 4; r++) rows[r] = src_row(src, dy * p->ky + r);
        const uint8_t *const *rp = rows;
        uint8_t *out = dst_row(dst, dy);
        int32_t done = 0;
        if (p->kx == 2 && p->ky == 2) {
            if (u8 && cn == 1) done = u8_block2_c1(rows[0], rows[1], out, n);
            else if (u8 && cn == 4) done = u8_block2_c4(rows[0], rows[1], out, n);
            else if (u8 && cn == 3) done = u8_block2_c3(rows[0], rows[1], out, n);
            else if (p->depth == VL_DEPTH_S16) done = s16_block2_c1((const int16_t *)rows[0], (const int16_t *)rows[1], (int16_t *)out, n);
            else if (p->depth == VL_DEPTH_F32) done = f32_block2_c1((const float *)rows[0], (const float *)rows[1], (float *)out, n);
        } else if (p->kx == 4 && p->ky == 4 && u8) {
            if (cn == 1) done = u8_block4_c1(rp, out, n);
            else if (cn == 4) done = u8_block4_c4(rp, out, n);
        }
        for (int32_t dx = done; dx < n; dx++) block_px(p, src, dy, out, dx);
    }
}

/* ---- AREA: covered areas as float weights ---------------------------------------------------- */

typedef struct area_cols {
    int32_t n;
    int32_t first[CHUNK], count[CHUNK];  /* per value: its span's first source element, entries */
    float w[CHUNK][3];                   /* the span's first, middle and last weights */
    uint8_t has_first[CHUNK], has_last[CHUNK];
} area_cols;

/* One source row's weighted sums over the chunk's column spans, each from 0 in the span's order. */
VL_INLINE void area_hpass(const area_cols *c, const void *row, float *out, int32_t cn, vl_depth d)
{
    for (int32_t v = 0; v < c->n; v++) {
        const int32_t n = c->count[v];
        float b = 0.f;
        for (int32_t e = 0, i = c->first[v]; e < n; e++, i += cn) {
            float s = d == VL_DEPTH_U8 ? (float)((const uint8_t *)row)[i]
                      : d == VL_DEPTH_S16 ? (float)((const int16_t *)row)[i] : ((const float *)row)[i];
            float w = e == 0 && c->has_first[v] ? c->w[v][0] : e == n - 1 && c->has_last[v] ? c->w[v][2] : c->w[v][1];
            b = b + s * w;
        }
        out[v] = b;
    }
}

static void area(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                 int32_t y1)
{
    const int32_t cn = p->channels, chunk_px = CHUNK / cn, esize = vl_depth_bytes(p->depth);
    area_cols cols;
    float buf[CHUNK], acc[CHUNK];
    for (int32_t px0 = 0; px0 < p->dst_w; px0 += chunk_px) {
        int32_t px1 = px0 + chunk_px < p->dst_w ? px0 + chunk_px : p->dst_w;
        cols.n = (px1 - px0) * cn;
        for (int32_t px = px0; px < px1; px++) {
            vl_rescale_span sx;
            vl_rescale_area_span(p->scale_x, p->src_w, px, &sx);
            for (int32_t c = 0; c < cn; c++) {
                int32_t v = (px - px0) * cn + c;
                float w;
                cols.first[v] = vl_rescale_span_entry(&sx, 0, &w) * cn + c;
                cols.count[v] = vl_rescale_span_count(&sx);
                cols.has_first[v] = (uint8_t)sx.has_first;
                cols.has_last[v] = (uint8_t)sx.has_last;
                cols.w[v][0] = sx.w_first;
                cols.w[v][1] = sx.w_mid;
                cols.w[v][2] = sx.w_last;
            }
        }
        for (int32_t dy = y0; dy < y1; dy++) {
            vl_rescale_span sy;
            vl_rescale_area_span(p->scale_y, p->src_h, dy, &sy);
            const int32_t ny = vl_rescale_span_count(&sy);
            for (int32_t ey = 0; ey < ny; ey++) {
                float beta;
                const uint8_t *row = src_row(src, vl_rescale_span_entry(&sy, ey, &beta));
                switch (p->depth) {
                case VL_DEPTH_U8: area_hpass(&cols, row, buf, cn, VL_DEPTH_U8); break;
                case VL_DEPTH_S16: area_hpass(&cols, row, buf, cn, VL_DEPTH_S16); break;
                default: area_hpass(&cols, row, buf, cn, VL_DEPTH_F32); break;
                }
                int32_t x = 0;
                const float32x4_t vb = vdupq_n_f32(beta);
                for (; x + 4 <= cols.n; x += 4) {
                    float32x4_t t = vmulq_f32(vb, vld1q_f32(buf + x));
                    vst1q_f32(acc + x, ey == 0 ? t : vaddq_f32(vld1q_f32(acc + x), t));
                }
                for (; x < cols.n; x++) acc[x] = ey == 0 ? beta * buf[x] : acc[x] + beta * buf[x];
            }
            uint8_t *out = dst_row(dst, dy) + (size_t)px0 * cn * esize;
            int32_t x = 0;
            for (; x + 4 <= cols.n; x += 4) {
                float32x4_t a = vld1q_f32(acc + x);
                if (p->depth == VL_DEPTH_F32) {
                    vst1q_f32((float *)out + x, a);
                } else {
                    int32x4_t r = vcvtq_s32_f32(vrndnq_f32(a));
                    if (p->depth == VL_DEPTH_S16) {
                        vst1_s16((int16_t *)out + x, vqmovn_s32(r));
                    } else {
                        uint8_t t[8];
                        vst1_u8(t, vqmovn_u16(vcombine_u16(vqmovun_s32(r), vqmovun_s32(r))));
                        memcpy(out + x, t, 4);
                    }
                }
            }
            for (; x < cols.n; x++) {
                if (p->depth == VL_DEPTH_F32) ((float *)out)[x] = acc[x];
                else if (p->depth == VL_DEPTH_S16) ((int16_t *)out)[x] = vl_rescale_f32_to_s16(acc[x]);
                else out[x] = vl_rescale_f32_to_u8(acc[x]);
            }
        }
    }
}

/* ---- NEAREST, COPY -------------------------------------------------------------------------- */

/* Doubling: each pixel twice, by zipping a vector with itself at the pixel's width. Loads and stores
 * are of bytes: pixels of 4 bytes need not be 4-byte aligned (RGBA8 rows). Specialised for each
 * pixel size (px is a constant in every expansion). */
VL_INLINE void dup_px(const uint8_t *s, uint8_t *d, int32_t n, int32_t px)
{
    int32_t i = 0;  /* source pixels */
    if (px == 3) {
        /* 8 pixels (24 bytes of a 32-byte window) to 16: output byte o is window byte 3 (o / 6) + o % 3. */
        static const uint8_t pick[48] = { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 6,
                                          7, 8, 9, 10, 11, 9, 10, 11, 12, 13, 14, 12, 13, 14, 15, 16,
                                          17, 15, 16, 17, 18, 19, 20, 18, 19, 20, 21, 22, 23, 21, 22, 23 };
        const uint8x16_t p0 = vld1q_u8(pick), p1 = vld1q_u8(pick + 16), p2 = vld1q_u8(pick + 32);
        for (; i + 11 <= n; i += 8) {  /* the window reads 32 bytes: 11 pixels */
            uint8x16x2_t w = { { vld1q_u8(s + 3 * i), vld1q_u8(s + 3 * i + 16) } };
            vst1q_u8(d + 6 * i, vqtbl2q_u8(w, p0));
            vst1q_u8(d + 6 * i + 16, vqtbl2q_u8(w, p1));
            vst1q_u8(d + 6 * i + 32, vqtbl2q_u8(w, p2));
        }
    } else {
        const int32_t step = 16 / px;
        for (; i + step <= n; i += step) {
            uint8x16_t v = vld1q_u8(s + i * px), lo, hi;
            if (px == 1) {
                lo = vzip1q_u8(v, v), hi = vzip2q_u8(v, v);
            } else if (px == 2) {
                uint16x8_t u = vreinterpretq_u16_u8(v);
                lo = vreinterpretq_u8_u16(vzip1q_u16(u, u)), hi = vreinterpretq_u8_u16(vzip2q_u16(u, u));
            } else {
                uint32x4_t u = vreinterpretq_u32_u8(v);
                lo = vreinterpretq_u8_u32(vzip1q_u32(u, u)), hi = vreinterpretq_u8_u32(vzip2q_u32(u, u));
            }
            vst1q_u8(d + 2 * i * px, lo);
            vst1q_u8(d + 2 * i * px + 16, hi);
        }
    }
    for (; i < n; i++) {
        memcpy(d + 2 * i * px, s + i * px, (size_t)px);
        memcpy(d + (2 * i + 1) * px, s + i * px, (size_t)px);
    }
}

static void dup_row(const uint8_t *s, uint8_t *d, int32_t n, int32_t px)
{
    switch (px) {
    case 1: dup_px(s, d, n, 1); break;
    case 2: dup_px(s, d, n, 2); break;
    case 3: dup_px(s, d, n, 3); break;
    default: dup_px(s, d, n, 4); break;
    }
}

/* 16 bytes of every k-th pixel (k = 2 or 4) from 16 k bytes at q. ARM64 de-interleaves in one load
 * (which needs no alignment); elsewhere byte loads are unzipped at the pixel's width, SIMDe's
 * de-interleaving loads being slower and assuming aligned pixels. */
VL_INLINE uint8x16_t every_kth(const uint8_t *q, int32_t px, int32_t k)
{
#if VL_ARM64
    if (px == 1) return k == 2 ? vld2q_u8(q).val[0] : vld4q_u8(q).val[0];
    if (px == 2)
        return vreinterpretq_u8_u16(k == 2 ? vld2q_u16((const uint16_t *)(const void *)q).val[0]
                                           : vld4q_u16((const uint16_t *)(const void *)q).val[0]);
    return vreinterpretq_u8_u32(k == 2 ? vld2q_u32((const uint32_t *)(const void *)q).val[0]
                                       : vld4q_u32((const uint32_t *)(const void *)q).val[0]);
#else
    uint8x16_t v[4];
    for (int32_t j = 0; j < k; j++) v[j] = vld1q_u8(q + 16 * j);
    for (int32_t m = k; m > 1; m /= 2)  /* keep the even pixels of each pair of vectors */
        for (int32_t j = 0; j < m / 2; j++) {
            if (px == 1) v[j] = vuzp1q_u8(v[2 * j], v[2 * j + 1]);
            else if (px == 2) v[j] = vreinterpretq_u8_u16(vuzp1q_u16(vreinterpretq_u16_u8(v[2 * j]), vreinterpretq_u16_u8(v[2 * j + 1])));
            else v[j] = vreinterpretq_u8_u32(vuzp1q_u32(vreinterpretq_u32_u8(v[2 * j]), vreinterpretq_u32_u8(v[2 * j + 1])));
        }
    return v[0];
#endif
}

/* Every k-th pixel, specialised for each pixel size and k; 3-byte pixels one by one. */
VL_INLINE void decimate_px(const uint8_t *s, uint8_t *d, int32_t n, int32_t px, int32_t k)
{
    int32_t i = 0;  /* destination pixels */
    if (px != 3)
        for (const int32_t step = 16 / px; i + step <= n; i += step)
            vst1q_u8(d + (size_t)i * px, every_kth(s + (size_t)i * k * px, px, k));
    for (; i < n; i++) memcpy(d + (size_t)i * px, s + (size_t)i * k * px, (size_t)px);
}

static void decimate_row(const uint8_t *s, uint8_t *d, int32_t n, int32_t px, int32_t k)
{
    switch (px * 8 + k) {
    case 1 * 8 + 2: decimate_px(s, d, n, 1, 2); break;
    case 1 * 8 + 4: decimate_px(s, d, n, 1, 4); break;
    case 2 * 8 + 2: decimate_px(s, d, n, 2, 2); break;
    case 2 * 8 + 4: decimate_px(s, d, n, 2, 4); break;
    case 4 * 8 + 2: decimate_px(s, d, n, 4, 2); break;
    case 4 * 8 + 4: decimate_px(s, d, n, 4, 4); break;
    default: decimate_px(s, d, n, 3, k); break;
    }
}

/* Any ratio: source offsets of a chunk's pixels from a table, copied by pixel size. */
VL_INLINE void gather_row(const uint8_t *s, uint8_t *d, const int32_t *off, int32_t n, int32_t px)
{
    switch (px) {
    case 1: for (int32_t i = 0; i < n; i++) d[i] = s[off[i]]; break;
    case 2: for (int32_t i = 0; i < n; i++) memcpy(d + 2 * i, s + off[i], 2); break;
    case 3: for (int32_t i = 0; i < n; i++) memcpy(d + 3 * i, s + off[i], 3); break;
    default: for (int32_t i = 0; i < n; i++) memcpy(d + 4 * i, s + off[i], 4); break;
    }
}

static void nearest(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                    int32_t y1)
{
    const int32_t px = p->channels * vl_depth_bytes(p->depth), n = p->dst_w;
    const size_t row_bytes = (size_t)n * px;
    int32_t k = 0;  /* 1: doubling, 2 or 4: decimating, 0: any ratio */
    if (p->scale_x == 0.5 && n == 2 * p->src_w) k = 1;
    else if ((p->scale_x == 2.0 || p->scale_x == 4.0) && p->src_w == (int32_t)p->scale_x * n) k = (int32_t)p->scale_x;
    int32_t off[CHUNK];
    const int32_t chunk = k ? n : CHUNK;
    for (int32_t x0 = 0; x0 < n; x0 += chunk) {
        int32_t m = x0 + chunk < n ? chunk : n - x0;
        if (!k)
            for (int32_t i = 0; i < m; i++) off[i] = vl_rescale_nearest(p->scale_x, p->src_w, x0 + i) * px;
        int32_t prev = -1;
        for (int32_t dy = y0; dy < y1; dy++) {
            int32_t sy = vl_rescale_nearest(p->scale_y, p->src_h, dy);
            uint8_t *out = dst_row(dst, dy) + (size_t)x0 * px;
            if (sy == prev) {  /* enlarging: the row above is the same */
                memcpy(out, dst_row(dst, dy - 1) + (size_t)x0 * px, k ? row_bytes : (size_t)m * px);
                continue;
            }
            prev = sy;
            const uint8_t *row = src_row(src, sy);
            if (k == 1) dup_row(row, out, p->src_w, px);
            else if (k) decimate_row(row, out, n, px, k);
            else if (px == 1) gather_row(row, out, off, m, 1);
            else if (px == 2) gather_row(row, out, off, m, 2);
            else if (px == 3) gather_row(row, out, off, m, 3);
            else gather_row(row, out, off, m, 4);
        }
    }
}

vela_status vl_rescale_neon(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst,
                            int32_t y0, int32_t y1)
{
    if (y0 == y1) return VELA_OK;  /* every plan runs here */
    switch (p->kind) {
    case VL_RESCALE_COPY:
        for (int32_t y = y0; y < y1; y++)
            memcpy(dst_row(dst, y), src_row(src, y), (size_t)p->dst_w * p->channels * vl_depth_bytes(p->depth));
        break;
    case VL_RESCALE_NEAREST: nearest(p, src, dst, y0, y1); break;
    case VL_RESCALE_AREA_FAST: area_fast(p, src, dst, y0, y1); break;
    case VL_RESCALE_AREA: area(p, src, dst, y0, y1); break;
    case VL_RESCALE_SEPARABLE: separable(p, src, dst, y0, y1); break;
    }
    return VELA_OK;
}
