/* Format conversion, plain C: the oracle for NEON and CUDA. */
#include "common/convert_format.h"
#include "common/half.h"

#include <math.h>

static inline uint8_t sat_u8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

void vl_yuv_to_rgb_row_ref(const vl_convert_plan *p, const vl_yuv_row *s, uint8_t *dst, int32_t x0, int32_t x1)
{
    const vl_yuv_coeffs *c = &p->yuv;
    const int32_t round = 1 << (VL_YUV_SHIFT - 1);
    int n = p->dst_channels, ri = p->dst_red, bi = 2 - p->dst_red;
    for (int32_t x = x0; x < x1; x++) {
        int32_t y = s->y[x * s->y_step] - c->y_offset;
        y = (y < 0 ? 0 : y) * c->y_mul;
        int32_t u = s->u[(x / 2) * s->c_step] - 128, v = s->v[(x / 2) * s->c_step] - 128;
        uint8_t *o = dst + x * n;
        o[ri] = sat_u8((y + c->r_v * v + round) >> VL_YUV_SHIFT);
        o[1] = sat_u8((y + c->g_u * u + c->g_v * v + round) >> VL_YUV_SHIFT);
        o[bi] = sat_u8((y + c->b_u * u + round) >> VL_YUV_SHIFT);
        if (n == 4) o[3] = 255;
    }
}

void vl_yuv_to_gray_row_ref(const vl_yuv_row *s, uint8_t *dst, int32_t x0, int32_t x1)
{
    for (int32_t x = x0; x < x1; x++) dst[x] = s->y[x * s->y_step];
}

void vl_rgb_to_rgb_row_ref(const vl_convert_plan *p, const uint8_t *src, uint8_t *dst, int32_t x0, int32_t x1)
{
    int sn = p->src_channels, dn = p->dst_channels;
    int sr = p->src_red, sb = 2 - p->src_red, dr = p->dst_red, db = 2 - p->dst_red;
    for (int32_t x = x0; x < x1; x++) {
        const uint8_t *i = src + x * sn;
        uint8_t *o = dst + x * dn;
        uint8_t r = i[sr], g = i[1], b = i[sb];
        o[dr] = r;
        o[1] = g;
        o[db] = b;
        if (dn == 4) o[3] = sn == 4 ? i[3] : 255;
    }
}

void vl_rgb_to_gray_row_ref(const vl_convert_plan *p, const uint8_t *src, uint8_t *dst, int32_t x0, int32_t x1)
{
    int n = p->src_channels, ri = p->src_red, bi = 2 - p->src_red;
    for (int32_t x = x0; x < x1; x++) {
        const uint8_t *i = src + x * n;
        dst[x] = (uint8_t)((p->gray_r * i[ri] + p->gray_g * i[1] + p->gray_b * i[bi] +
                            (1 << (VL_GRAY_SHIFT - 1))) >> VL_GRAY_SHIFT);
    }
}

void vl_gray_to_rgb_row_ref(const vl_convert_plan *p, const uint8_t *src, uint8_t *dst, int32_t x0, int32_t x1)
{
    int n = p->dst_channels;
    for (int32_t x = x0; x < x1; x++) {
        uint8_t *o = dst + x * n;
        o[0] = o[1] = o[2] = src[x];
        if (n == 4) o[3] = 255;
    }
}

static float load(vl_depth d, const void *row, int32_t x)
{
    switch (d) {
    case VL_DEPTH_U8: return ((const uint8_t *)row)[x];
    case VL_DEPTH_S16: return ((const int16_t *)row)[x];
    case VL_DEPTH_U16: return ((const uint16_t *)row)[x];
    case VL_DEPTH_F16: return vl_f16_to_f32(((const uint16_t *)row)[x]);
    default: return ((const float *)row)[x];
    }
}

/* Half-to-even after clamping; NaN becomes 0. */
static int32_t round_saturate(float v, float lo, float hi)
{
    if (isnan(v)) return 0;
    return (int32_t)rintf(v < lo ? lo : v > hi ? hi : v);
}

static void store(vl_depth d, void *row, int32_t x, float v)
{
    switch (d) {
    case VL_DEPTH_U8: ((uint8_t *)row)[x] = (uint8_t)round_saturate(v, 0, 255); break;
    case VL_DEPTH_S16: ((int16_t *)row)[x] = (int16_t)round_saturate(v, -32768, 32767); break;
    case VL_DEPTH_U16: ((uint16_t *)row)[x] = (uint16_t)round_saturate(v, 0, 65535); break;
    case VL_DEPTH_F16: ((uint16_t *)row)[x] = vl_f32_to_f16(v); break;
    default: ((float *)row)[x] = v; break;
    }
}

void vl_depth_row_ref(const vl_convert_plan *p, const void *src, void *dst, int32_t x0, int32_t x1)
{
    /* Built with -ffp-contract=off: a product and a sum, each rounded, on every backend. */
    for (int32_t x = x0; x < x1; x++) store(p->dst_depth, dst, x, load(p->src_depth, src, x) * p->scale + p->offset);
}

vela_status vl_convert_format_ref(const vl_convert_plan *p, const vela_image_data *src,
                                  const vela_image_data *dst, int32_t y0, int32_t y1)
{
    for (int32_t row = y0; row < y1; row++) {
        const uint8_t *s = (const uint8_t *)src->planes[0].data + (int64_t)row * src->planes[0].pitch;
        uint8_t *d = (uint8_t *)dst->planes[0].data + (int64_t)row * dst->planes[0].pitch;
        vl_yuv_row yuv;
        switch (p->kind) {
        case VL_CONVERT_YUV_TO_RGB:
            yuv = vl_yuv_row_at(src, row);
            vl_yuv_to_rgb_row_ref(p, &yuv, d, 0, p->width);
            break;
        case VL_CONVERT_YUV_TO_GRAY:
            yuv = vl_yuv_row_at(src, row);
            vl_yuv_to_gray_row_ref(&yuv, d, 0, p->width);
            break;
        case VL_CONVERT_RGB_TO_RGB: vl_rgb_to_rgb_row_ref(p, s, d, 0, p->width); break;
        case VL_CONVERT_RGB_TO_GRAY: vl_rgb_to_gray_row_ref(p, s, d, 0, p->width); break;
        case VL_CONVERT_GRAY_TO_RGB: vl_gray_to_rgb_row_ref(p, s, d, 0, p->width); break;
        case VL_CONVERT_DEPTH: vl_depth_row_ref(p, s, d, 0, p->width); break;
        }
    }
    return VELA_OK;
}
