/* Remap with NEON intrinsics (arm_neon.h on ARM64, SIMDe on x86 for the tests).
 *
 * Eight destination pixels go at a time: their table entries are loaded as vectors, and when all
 * eight footprints lie inside the source (the common case) they are sampled by the vector kernels
 * of sample_neon.h; groups wholly outside under CONSTANT or TRANSPARENT take the border value (or
 * nothing); the rest, and a row's last pixels, go through the reference sampler, which handles
 * every border: the vector paths have no edge cases. Byte-identical with remap_ref.c. */
#include "cpu/sample_neon.h"

VL_INLINE void row_loop(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy, const uint16_t *a,
                        uint8_t *d, int32_t x0, int32_t x1, enum vl_kind k, int bpp)
{
    const uint8_t *p = src->data;
    const int32_t pitch = src->pitch;
    /* The footprint starting at (sx, sy) (LINEAR, NEAREST; CUBIC's at (sx - 1, sy - 1)) is inside
     * when sx < w - span and sy < h - span (unsigned: negatives are huge): LINEAR's span is 1,
     * NEAREST's 0, CUBIC's 3. */
    const int near = k == K_NEAREST, back = vl_kind_back(k), span = vl_kind_span(k);
    const uint16x8_t wl = lt_u16_bound((uint16_t)(s->width - span)), hl = lt_u16_bound((uint16_t)(s->height - span));
    const int16x8_t backv = vdupq_n_s16((int16_t)back);
    const uint16x8_t one = vdupq_n_u16(1);
    /* The footprint misses the source entirely when it starts at or past w, or ends before 0. */
    const int16x8_t wo = vdupq_n_s16((int16_t)s->width), ho = vdupq_n_s16((int16_t)s->height);
    const int outside_fill = s->border == VELA_BORDER_CONSTANT || s->border == VELA_BORDER_TRANSPARENT;
    uint8_t fill[8 * 16];
    if (s->border == VELA_BORDER_CONSTANT)
        for (int i = 0; i < 8; i++) memcpy(fill + i * bpp, &s->cval, (size_t)bpp);
    /* x86: LINEAR entries as (sx, sy) pairs, tested and turned into offsets without separating
     * them (sample_neon.h), when the pitch fits PMADDWD's 16 bits. */
    const int pairs = VL_X86 && !near && !back && pitch <= INT16_MAX;
    const int u8_linear = k == K_U8C1 || k == K_U8C2 || k == K_U8C4;
    const uint16x8_t bound = pairs_bound(s->width, s->height);
    int32_t x = x0;
    for (; x + 8 <= x1; x += 8) {
        uint16x8_t av = vld1q_u16(a + x);
        uint8_t *o = d + (int64_t)x * bpp;
        int32x4_t lo, hi;
        if (u8_linear && !(((x - x0) * bpp) & (VL_AHEAD_EVERY - 1))) prefetch_entry(p, pitch, bpp, xy, x + VL_AHEAD, x1);
        if (pairs && inside_pairs8(xy + 2 * x, bound)) {
            offsets_pairs8(xy + 2 * x, bpp, pitch, &lo, &hi);
            vl_sample8_inside(k, bpp, p, pitch, lo, hi, av, o);
            continue;
        }
        int16x8x2_t c = load_xy8(xy + 2 * x);
        int16x8_t sx = c.val[0], sy = c.val[1];
        if (near) {
            sx = vaddq_s16(sx, vreinterpretq_s16_u16(vandq_u16(vshrq_n_u16(av, 10), one)));
            sy = vaddq_s16(sy, vreinterpretq_s16_u16(vandq_u16(vshrq_n_u16(av, 11), one)));
        }
        if (back) {
            sx = vsubq_s16(sx, backv);
            sy = vsubq_s16(sy, backv);
        }
        uint16x8_t inside = vandq_u16(lt_u16(vreinterpretq_u16_s16(sx), wl), lt_u16(vreinterpretq_u16_s16(sy), hl));
        if (pairs || !all_true(inside)) {
            /* Wholly outside under CONSTANT or TRANSPARENT (large areas of undistorted or warped
             * images): the border value, or nothing. The rest, pixel by pixel. */
            if (outside_fill && all_true(outside8(sx, sy, wo, ho, -span))) {
                if (s->border == VELA_BORDER_CONSTANT) memcpy(o, fill, (size_t)(8 * bpp));
            } else {
                vl_sample_row_ref(s, src, xy, a, d, x, x + 8);
            }
            continue;
        }
        offsets8(sx, sy, pitch, bpp, &lo, &hi);
        vl_sample8_inside(k, bpp, p, pitch, lo, hi, av, o);
    }
    vl_sample_row_ref(s, src, xy, a, d, x, x1);
}

/* Each kind's loop in a function of its own, its kind and pixel size constants: the compiler
 * specialises it, and allocates its registers apart from the other kinds' loops (inlined into one
 * function, the RGBA8 loop's needs cost the U8 loop a spilled pointer). */
#define ROW_FN(name, k, bpp)                                                                                   \
    static __attribute__((noinline)) void name(const vl_sampler *s, const vela_image_plane *src,             \
                                               const int16_t *xy, const uint16_t *a, uint8_t *d, int32_t x0, \
                                               int32_t x1)                                                   \
    {                                                                                                          \
        row_loop(s, src, xy, a, d, x0, x1, k, bpp);                                                            \
    }
ROW_FN(rows_nearest1, K_NEAREST, 1)
ROW_FN(rows_nearest2, K_NEAREST, 2)
ROW_FN(rows_nearest3, K_NEAREST, 3)
ROW_FN(rows_nearest4, K_NEAREST, 4)
ROW_FN(rows_u8c1, K_U8C1, 1)
ROW_FN(rows_u8c2, K_U8C2, 2)
ROW_FN(rows_u8c4, K_U8C4, 4)
ROW_FN(rows_s16, K_S16, 2)
ROW_FN(rows_f32, K_F32, 4)
ROW_FN(rows_cubic1, K_CUBIC1, 1)
ROW_FN(rows_cubic2, K_CUBIC2, 2)
ROW_FN(rows_cubic4, K_CUBIC4, 4)

void vl_sample_row_neon(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy, const uint16_t *a,
                        void *dst_row, int32_t x0, int32_t x1)
{
    uint8_t *d = dst_row;
    int bpp = vl_sampler_pixel_bytes(s);
    switch (vl_kind_of(s, src)) {
    case K_NEAREST:
        switch (bpp) {
        case 1: rows_nearest1(s, src, xy, a, d, x0, x1); return;
        case 2: rows_nearest2(s, src, xy, a, d, x0, x1); return;
        case 3: rows_nearest3(s, src, xy, a, d, x0, x1); return;
        case 4: rows_nearest4(s, src, xy, a, d, x0, x1); return;
        default: break;
        }
        break;
    case K_U8C1: rows_u8c1(s, src, xy, a, d, x0, x1); return;
    case K_U8C2: rows_u8c2(s, src, xy, a, d, x0, x1); return;
    case K_U8C4: rows_u8c4(s, src, xy, a, d, x0, x1); return;
    case K_S16: rows_s16(s, src, xy, a, d, x0, x1); return;
    case K_F32: rows_f32(s, src, xy, a, d, x0, x1); return;
    case K_CUBIC1: rows_cubic1(s, src, xy, a, d, x0, x1); return;
    case K_CUBIC2: rows_cubic2(s, src, xy, a, d, x0, x1); return;
    case K_CUBIC4: rows_cubic4(s, src, xy, a, d, x0, x1); return;
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
