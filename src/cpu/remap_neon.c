/* Remap's sampling with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests), also
 * the second half of the NEON perspective warp.
 *
 * Eight destination pixels go at a time: their table entries are loaded as vectors, and when all
 * eight footprints lie inside the source (the common case), their offsets are computed as vectors,
 * the taps gathered lane by lane (NEON has no gather) and interpolated as vectors. Any group with
 * a footprint at or past the edge, and a row's last pixels, go through the reference sampler,
 * which handles every border: the vector paths have no edge cases.
 *
 * Results are byte-identical with remap_ref.c. 8-bit LINEAR uses OpenCV's 15-bit weights
 * w = (32 - fx)(32 - fy) 32, ... in separable form: sum = 32 (h0 (32 - fy) + h1 fy) with
 * h = p0 (32 - fx) + p1 fx, so (sum + 2^14) >> 15 = (h0 (32 - fy) + h1 fy + 2^9) >> 10 exactly
 * (OpenCV's one odd entry, {32767, 0, 0, 1} at fx = fy = 0, gives p00 there too). Float
 * LINEAR multiplies and adds in OpenCV's order, never fused. CUBIC and RGB8 take the reference
 * sampler pixel by pixel. */
#include "common/remap.h"
#include "cpu/neon.h"

#include <string.h>

#define VL_INLINE static inline __attribute__((always_inline))

static inline bool all_true(uint16x8_t m) { return vminvq_u16(m) == 0xffff; }

/* Byte offsets of 8 pixels (sx, sy) from the plane's origin, as two vectors of 4. The caller has
 * checked that the plane is small enough for 32-bit offsets. */
VL_INLINE void offsets8(int16x8_t sx, int16x8_t sy, int32_t pitch, int bpp, int32x4_t *lo, int32x4_t *hi)
{
    int32x4_t xl = vmovl_s16(vget_low_s16(sx)), xh = vmovl_s16(vget_high_s16(sx));
    if (bpp > 1) {
        xl = vmulq_n_s32(xl, bpp);
        xh = vmulq_n_s32(xh, bpp);
    }
    *lo = vmlaq_n_s32(xl, vmovl_s16(vget_low_s16(sy)), pitch);
    *hi = vmlaq_n_s32(xh, vmovl_s16(vget_high_s16(sy)), pitch);
}

/* Gathers: element i of the result from p + off[i] (2, 4 or 8 bytes), through memcpy so that no
 * unaligned pointer is dereferenced. */
#define GATHER(bits, T, v, lane, p)                          \
    do {                                                     \
        T t_;                                                \
        memcpy(&t_, (p), sizeof t_);                         \
        (v) = vsetq_lane_u##bits(t_, (v), (lane));           \
    } while (0)

VL_INLINE uint16x8_t gather16x8(const uint8_t *p, int32x4_t lo, int32x4_t hi)
{
    uint16x8_t v = vdupq_n_u16(0);
    GATHER(16, uint16_t, v, 0, p + vgetq_lane_s32(lo, 0));
    GATHER(16, uint16_t, v, 1, p + vgetq_lane_s32(lo, 1));
    GATHER(16, uint16_t, v, 2, p + vgetq_lane_s32(lo, 2));
    GATHER(16, uint16_t, v, 3, p + vgetq_lane_s32(lo, 3));
    GATHER(16, uint16_t, v, 4, p + vgetq_lane_s32(hi, 0));
    GATHER(16, uint16_t, v, 5, p + vgetq_lane_s32(hi, 1));
    GATHER(16, uint16_t, v, 6, p + vgetq_lane_s32(hi, 2));
    GATHER(16, uint16_t, v, 7, p + vgetq_lane_s32(hi, 3));
    return v;
}

VL_INLINE uint32x4_t gather32x4(const uint8_t *p, int32x4_t off)
{
    uint32x4_t v = vdupq_n_u32(0);
    GATHER(32, uint32_t, v, 0, p + vgetq_lane_s32(off, 0));
    GATHER(32, uint32_t, v, 1, p + vgetq_lane_s32(off, 1));
    GATHER(32, uint32_t, v, 2, p + vgetq_lane_s32(off, 2));
    GATHER(32, uint32_t, v, 3, p + vgetq_lane_s32(off, 3));
    return v;
}

/* Two pixels' 8-byte runs, from p + o0 and p + o1. */
VL_INLINE uint64x2_t gather64x2(const uint8_t *p, int32_t o0, int32_t o1)
{
    uint64x2_t v = vdupq_n_u64(0);
    GATHER(64, uint64_t, v, 0, p + o0);
    GATHER(64, uint64_t, v, 1, p + o1);
    return v;
}

/* (h0 (32 - fy) + h1 fy + 2^9) >> 10 for 8 lanes of 16-bit horizontal sums. */
VL_INLINE uint16x8_t vertical_u8(uint16x8_t h0, uint16x8_t h1, uint16x8_t wy0, uint16x8_t wy1)
{
    uint32x4_t lo = vmlal_u16(vmull_u16(vget_low_u16(h0), vget_low_u16(wy0)), vget_low_u16(h1), vget_low_u16(wy1));
    uint32x4_t hi = vmlal_u16(vmull_u16(vget_high_u16(h0), vget_high_u16(wy0)), vget_high_u16(h1), vget_high_u16(wy1));
    return vcombine_u16(vrshrn_n_u32(lo, 10), vrshrn_n_u32(hi, 10));
}

typedef struct frac8 {
    uint8x8_t fx, wx0;    /* fx and 32 - fx, 8 lanes */
    uint8x8_t fy, wy0;
} frac8;

VL_INLINE frac8 fractions(uint16x8_t a)
{
    const uint16x8_t mask = vdupq_n_u16(VL_INTER_SIZE - 1);
    const uint8x8_t full = vdup_n_u8(VL_INTER_SIZE);
    frac8 f;
    f.fx = vmovn_u16(vandq_u16(a, mask));
    f.fy = vmovn_u16(vandq_u16(vshrq_n_u16(a, VL_INTER_BITS), mask));
    f.wx0 = vsub_u8(full, f.fx);
    f.wy0 = vsub_u8(full, f.fy);
    return f;
}

/* ---- 8-bit LINEAR, 1, 2 and 4 channels ------------------------------------------------------ */

VL_INLINE void linear_u8c1(const uint8_t *p, int32_t pitch, int16x8_t sx, int16x8_t sy, uint16x8_t a, uint8_t *d)
{
    int32x4_t lo, hi;
    offsets8(sx, sy, pitch, 1, &lo, &hi);
    uint16x8_t top = gather16x8(p, lo, hi), bottom = gather16x8(p + pitch, lo, hi);
    frac8 f = fractions(a);
    /* Little-endian: each 16-bit tap pair holds the left pixel in its low byte. */
    uint16x8_t h0 = vmlal_u8(vmull_u8(vmovn_u16(top), f.wx0), vshrn_n_u16(top, 8), f.fx);
    uint16x8_t h1 = vmlal_u8(vmull_u8(vmovn_u16(bottom), f.wx0), vshrn_n_u16(bottom, 8), f.fx);
    vst1_u8(d, vmovn_u16(vertical_u8(h0, h1, vmovl_u8(f.wy0), vmovl_u8(f.fy))));
}

/* 2 channels (NV12's interleaved U and V): a tap pair is 4 bytes. */
VL_INLINE void linear_u8c2(const uint8_t *p, int32_t pitch, int16x8_t sx, int16x8_t sy, uint16x8_t a, uint8_t *d)
{
    int32x4_t lo, hi;
    offsets8(sx, sy, pitch, 2, &lo, &hi);
    frac8 f = fractions(a);
    /* Per-pixel weights repeated for both channels. */
    uint8x16_t wx0 = vcombine_u8(vzip1_u8(f.wx0, f.wx0), vzip2_u8(f.wx0, f.wx0));
    uint8x16_t fx = vcombine_u8(vzip1_u8(f.fx, f.fx), vzip2_u8(f.fx, f.fx));
    uint8x16_t wy0 = vcombine_u8(vzip1_u8(f.wy0, f.wy0), vzip2_u8(f.wy0, f.wy0));
    uint8x16_t fy = vcombine_u8(vzip1_u8(f.fy, f.fy), vzip2_u8(f.fy, f.fy));
    uint16x8_t h[2][2];
    for (int r = 0; r < 2; r++) {
        const uint8_t *q = p + r * pitch;
        uint16x8_t t0 = vreinterpretq_u16_u32(gather32x4(q, lo)), t1 = vreinterpretq_u16_u32(gather32x4(q, hi));
        uint8x16_t left = vreinterpretq_u8_u16(vuzp1q_u16(t0, t1)), right = vreinterpretq_u8_u16(vuzp2q_u16(t0, t1));
        h[r][0] = vmlal_u8(vmull_u8(vget_low_u8(left), vget_low_u8(wx0)), vget_low_u8(right), vget_low_u8(fx));
        h[r][1] = vmlal_u8(vmull_u8(vget_high_u8(left), vget_high_u8(wx0)), vget_high_u8(right), vget_high_u8(fx));
    }
    uint16x8_t r0 = vertical_u8(h[0][0], h[1][0], vmovl_u8(vget_low_u8(wy0)), vmovl_u8(vget_low_u8(fy)));
    uint16x8_t r1 = vertical_u8(h[0][1], h[1][1], vmovl_u8(vget_high_u8(wy0)), vmovl_u8(vget_high_u8(fy)));
    vst1q_u8(d, vcombine_u8(vmovn_u16(r0), vmovn_u16(r1)));
}

/* 4 channels: a tap pair is 8 bytes; 4 pixels at a time. */
VL_INLINE void linear_u8c4_half(const uint8_t *p, int32_t pitch, int32x4_t off, uint8x8_t wx0_4, uint8x8_t fx_4,
                                uint8x8_t wy0_4, uint8x8_t fy_4, uint8_t *d)
{
    /* Weights of pixels 0..3 (in the low lanes of the arguments), each repeated 4 times. */
    static const uint8_t rep4[16] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };
    const uint8x16_t idx = vld1q_u8(rep4);
    uint8x16_t wx0 = vqtbl1q_u8(vcombine_u8(wx0_4, wx0_4), idx), fx = vqtbl1q_u8(vcombine_u8(fx_4, fx_4), idx);
    uint8x16_t wy0 = vqtbl1q_u8(vcombine_u8(wy0_4, wy0_4), idx), fy = vqtbl1q_u8(vcombine_u8(fy_4, fy_4), idx);
    uint16x8_t h[2][2];
    for (int r = 0; r < 2; r++) {
        const uint8_t *q = p + r * pitch;
        uint32x4_t t0 = vreinterpretq_u32_u64(gather64x2(q, vgetq_lane_s32(off, 0), vgetq_lane_s32(off, 1)));
        uint32x4_t t1 = vreinterpretq_u32_u64(gather64x2(q, vgetq_lane_s32(off, 2), vgetq_lane_s32(off, 3)));
        uint8x16_t left = vreinterpretq_u8_u32(vuzp1q_u32(t0, t1)), right = vreinterpretq_u8_u32(vuzp2q_u32(t0, t1));
        h[r][0] = vmlal_u8(vmull_u8(vget_low_u8(left), vget_low_u8(wx0)), vget_low_u8(right), vget_low_u8(fx));
        h[r][1] = vmlal_u8(vmull_u8(vget_high_u8(left), vget_high_u8(wx0)), vget_high_u8(right), vget_high_u8(fx));
    }
    uint16x8_t r0 = vertical_u8(h[0][0], h[1][0], vmovl_u8(vget_low_u8(wy0)), vmovl_u8(vget_low_u8(fy)));
    uint16x8_t r1 = vertical_u8(h[0][1], h[1][1], vmovl_u8(vget_high_u8(wy0)), vmovl_u8(vget_high_u8(fy)));
    vst1q_u8(d, vcombine_u8(vmovn_u16(r0), vmovn_u16(r1)));
}

VL_INLINE void linear_u8c4(const uint8_t *p, int32_t pitch, int16x8_t sx, int16x8_t sy, uint16x8_t a, uint8_t *d)
{
    int32x4_t lo, hi;
    offsets8(sx, sy, pitch, 4, &lo, &hi);
    frac8 f = fractions(a);
    linear_u8c4_half(p, pitch, lo, f.wx0, f.fx, f.wy0, f.fy, d);
    linear_u8c4_half(p, pitch, hi, vext_u8(f.wx0, f.wx0, 4), vext_u8(f.fx, f.fx, 4), vext_u8(f.wy0, f.wy0, 4),
                     vext_u8(f.fy, f.fy, 4), d + 16);
}

/* ---- S16 and F32 LINEAR ------------------------------------------------------------------- */

/* OpenCV's float weights are exact products of multiples of 1/32: (32 - fx)(32 - fy) / 1024. */
VL_INLINE void float_weights(uint16x4_t a, float32x4_t w[4])
{
    const uint32x4_t mask = vdupq_n_u32(VL_INTER_SIZE - 1), full = vdupq_n_u32(VL_INTER_SIZE);
    uint32x4_t a32 = vmovl_u16(a);
    uint32x4_t fx = vandq_u32(a32, mask), fy = vandq_u32(vshrq_n_u32(a32, VL_INTER_BITS), mask);
    uint32x4_t gx = vsubq_u32(full, fx), gy = vsubq_u32(full, fy);
    const float32x4_t k = vdupq_n_f32(1.f / (VL_INTER_SIZE * VL_INTER_SIZE));
    w[0] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(gx, gy)), k);
    w[1] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(fx, gy)), k);
    w[2] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(gx, fy)), k);
    w[3] = vmulq_f32(vcvtq_f32_u32(vmulq_u32(fx, fy)), k);
}

VL_INLINE float32x4_t blend4(const float32x4_t v[4], const float32x4_t w[4])
{
    float32x4_t s = vaddq_f32(vmulq_f32(v[0], w[0]), vmulq_f32(v[1], w[1]));
    s = vaddq_f32(s, vmulq_f32(v[2], w[2]));
    return vaddq_f32(s, vmulq_f32(v[3], w[3]));
}

/* 4 pixels of a float plane: each tap pair is 8 bytes. */
VL_INLINE void linear_f32_4(const uint8_t *p, int32_t pitch, int32x4_t off, uint16x4_t a, float *d)
{
    float32x4_t v[4], w[4];
    for (int r = 0; r < 2; r++) {
        const uint8_t *q = p + r * pitch;
        float32x4_t t0 = vreinterpretq_f32_u64(gather64x2(q, vgetq_lane_s32(off, 0), vgetq_lane_s32(off, 1)));
        float32x4_t t1 = vreinterpretq_f32_u64(gather64x2(q, vgetq_lane_s32(off, 2), vgetq_lane_s32(off, 3)));
        v[2 * r] = vuzp1q_f32(t0, t1);
        v[2 * r + 1] = vuzp2q_f32(t0, t1);
    }
    float_weights(a, w);
    vst1q_f32(d, blend4(v, w));
}

/* 4 pixels of an S16 plane: each tap pair is 4 bytes; the sum rounds half to even, saturated. */
VL_INLINE void linear_s16_4(const uint8_t *p, int32_t pitch, int32x4_t off, uint16x4_t a, int16_t *d)
{
    float32x4_t v[4], w[4];
    for (int r = 0; r < 2; r++) {
        /* Each 32-bit tap pair holds the left tap in its low half (little-endian). */
        int32x4_t t = vreinterpretq_s32_u32(gather32x4(p + r * pitch, off));
        v[2 * r] = vcvtq_f32_s32(vmovl_s16(vmovn_s32(t)));
        v[2 * r + 1] = vcvtq_f32_s32(vshrq_n_s32(t, 16));
    }
    float_weights(a, w);
    vst1_s16(d, vqmovn_s32(vcvtq_s32_f32(vrndnq_f32(blend4(v, w)))));
}

/* ---- NEAREST ---------------------------------------------------------------------------------- */

/* Copies pixel i of 8 from its offset; bpp is a constant in every caller. */
VL_INLINE void copy8(const uint8_t *p, int32x4_t lo, int32x4_t hi, int bpp, uint8_t *d)
{
    int32_t o[8];
    vst1q_s32(o, lo);
    vst1q_s32(o + 4, hi);
    for (int i = 0; i < 8; i++) memcpy(d + i * bpp, p + o[i], (size_t)bpp);
}

/* ---- rows ------------------------------------------------------------------------------------- */

enum kind { K_SCALAR, K_NEAREST, K_U8C1, K_U8C2, K_U8C4, K_S16, K_F32 };

static enum kind kind_of(const vl_sampler *s, const vela_image_plane *src)
{
    /* Offsets are 32-bit: bigger planes (over 2 GB) take the reference. */
    if ((int64_t)s->height * src->pitch > INT32_MAX - 64) return K_SCALAR;
    if (s->interp == VELA_INTERP_NEAREST) return K_NEAREST;
    if (s->interp != VELA_INTERP_LINEAR) return K_SCALAR;
    if (s->depth == VL_DEPTH_U8) return s->channels == 1 ? K_U8C1 : s->channels == 2 ? K_U8C2
                                      : s->channels == 4 ? K_U8C4 : K_SCALAR;
    return s->depth == VL_DEPTH_S16 ? K_S16 : K_F32;
}

VL_INLINE void row_loop(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy, const uint16_t *a,
                        uint8_t *d, int32_t x0, int32_t x1, enum kind k, int bpp)
{
    const uint8_t *p = src->data;
    const int32_t pitch = src->pitch;
    /* LINEAR: the footprint [sx, sx + 1] x [sy, sy + 1] is inside when sx < w - 1, sy < h - 1
     * (unsigned: negatives are huge); NEAREST: nx < w, ny < h. */
    const int near = k == K_NEAREST;
    const uint16x8_t wl = vdupq_n_u16((uint16_t)(near ? s->width : s->width - 1));
    const uint16x8_t hl = vdupq_n_u16((uint16_t)(near ? s->height : s->height - 1));
    const uint16x8_t one = vdupq_n_u16(1);
    int32_t x = x0;
    for (; x + 8 <= x1; x += 8) {
        int16x8x2_t c = vld2q_s16(xy + 2 * x);
        uint16x8_t av = vld1q_u16(a + x);
        int16x8_t sx = c.val[0], sy = c.val[1];
        if (near) {
            sx = vaddq_s16(sx, vreinterpretq_s16_u16(vandq_u16(vshrq_n_u16(av, 10), one)));
            sy = vaddq_s16(sy, vreinterpretq_s16_u16(vandq_u16(vshrq_n_u16(av, 11), one)));
        }
        uint16x8_t inside = vandq_u16(vcltq_u16(vreinterpretq_u16_s16(sx), wl), vcltq_u16(vreinterpretq_u16_s16(sy), hl));
        uint8_t *o = d + (int64_t)x * bpp;
        if (!all_true(inside)) {
            vl_sample_row_ref(s, src, xy, a, d, x, x + 8);
            continue;
        }
        switch (k) {
        case K_NEAREST: {
            int32x4_t lo, hi;
            offsets8(sx, sy, pitch, bpp, &lo, &hi);
            copy8(p, lo, hi, bpp, o);
            break;
        }
        case K_U8C1: linear_u8c1(p, pitch, sx, sy, av, o); break;
        case K_U8C2: linear_u8c2(p, pitch, sx, sy, av, o); break;
        case K_U8C4: linear_u8c4(p, pitch, sx, sy, av, o); break;
        case K_S16:
        case K_F32: {
            int32x4_t lo, hi;
            offsets8(sx, sy, pitch, bpp, &lo, &hi);
            if (k == K_F32) {
                linear_f32_4(p, pitch, lo, vget_low_u16(av), (float *)o);
                linear_f32_4(p, pitch, hi, vget_high_u16(av), (float *)(o + 16));
            } else {
                linear_s16_4(p, pitch, lo, vget_low_u16(av), (int16_t *)o);
                linear_s16_4(p, pitch, hi, vget_high_u16(av), (int16_t *)(o + 8));
            }
            break;
        }
        default: break;
        }
    }
    vl_sample_row_ref(s, src, xy, a, d, x, x1);
}

void vl_sample_row_neon(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy, const uint16_t *a,
                        void *dst_row, int32_t x0, int32_t x1)
{
    uint8_t *d = dst_row;
    int bpp = vl_sampler_pixel_bytes(s);
    /* Each case a call with constants, so the compiler specialises the loop for it. */
    switch (kind_of(s, src)) {
    case K_NEAREST:
        switch (bpp) {
        case 1: row_loop(s, src, xy, a, d, x0, x1, K_NEAREST, 1); return;
        case 2: row_loop(s, src, xy, a, d, x0, x1, K_NEAREST, 2); return;
        case 3: row_loop(s, src, xy, a, d, x0, x1, K_NEAREST, 3); return;
        case 4: row_loop(s, src, xy, a, d, x0, x1, K_NEAREST, 4); return;
        default: break;
        }
        break;
    case K_U8C1: row_loop(s, src, xy, a, d, x0, x1, K_U8C1, 1); return;
    case K_U8C2: row_loop(s, src, xy, a, d, x0, x1, K_U8C2, 2); return;
    case K_U8C4: row_loop(s, src, xy, a, d, x0, x1, K_U8C4, 4); return;
    case K_S16: row_loop(s, src, xy, a, d, x0, x1, K_S16, 2); return;
    case K_F32: row_loop(s, src, xy, a, d, x0, x1, K_F32, 4); return;
    default: break;
    }
    vl_sample_row_ref(s, src, xy, a, d, x0, x1);
}

vela_status vl_remap_neon(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                          int32_t y1)
{
    for (int p = 0; p < job->num_planes; p++) {
        const vl_remap_table *t = &job->payload->host[p];
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > t->height) r1 = t->height;
        for (int32_t y = r0; y < r1; y++)
            vl_sample_row_neon(&job->sampler[p], &src->planes[p], t->xy + (int64_t)y * t->width * 2,
                               t->a + (int64_t)y * t->width,
                               (uint8_t *)dst->planes[p].data + (int64_t)y * dst->planes[p].pitch, 0, t->width);
    }
    return VELA_OK;
}
