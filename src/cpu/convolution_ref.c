/* 2D and separable convolution, plain C: the oracle for NEON and CUDA (float arithmetic, built
 * with -ffp-contract=off, taps in the order convolution.h states). */
#include "common/convolution.h"

static const uint8_t *row_at(const vela_image_data *d, int32_t y)
{
    return (const uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

float vl_conv_load(const vl_filter_shape *s, const void *row, int32_t x)
{
    if (!row) return s->value;
    switch (s->depth) {
    case VL_DEPTH_U8: return ((const uint8_t *)row)[x];
    case VL_DEPTH_S16: return ((const int16_t *)row)[x];
    case VL_DEPTH_F16: return vl_f16_to_f32(((const uint16_t *)row)[x]);
    default: return ((const float *)row)[x];
    }
}

void vl_conv_store(const vl_filter_shape *s, void *row, int32_t x, float v)
{
    switch (s->depth) {
    case VL_DEPTH_U8: ((uint8_t *)row)[x] = (uint8_t)vl_filter_round(v, 0.0f, 255.0f); break;
    case VL_DEPTH_S16: ((int16_t *)row)[x] = (int16_t)vl_filter_round(v, -32768.0f, 32767.0f); break;
    case VL_DEPTH_F16: ((uint16_t *)row)[x] = vl_f32_to_f16(v); break;
    default: ((float *)row)[x] = v; break;
    }
}

/* e(x, y): the element at (x, y) with the border applied. */
static float element(const vl_filter_shape *s, const vela_image_data *src, int32_t x, int32_t y)
{
    int32_t xi = vl_filter_index(s, x, s->width), yi = vl_filter_index(s, y, s->height);
    return xi < 0 || yi < 0 ? s->value : vl_conv_load(s, row_at(src, yi), xi);
}

vela_status vl_sepconv_ref(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    int32_t ax = s->kw / 2, ay = s->kh / 2;
    for (int32_t y = y0; y < y1; y++) {
        void *out = (uint8_t *)dst->planes[0].data + (int64_t)y * dst->planes[0].pitch;
        for (int32_t x = 0; x < s->width; x++) {
            float v = 0.0f;
            for (int32_t j = 0; j < s->kh; j++) {
                float h = p->kx[0] * element(s, src, x - ax, y - ay + j);
                for (int32_t i = 1; i < s->kw; i++) h = h + p->kx[i] * element(s, src, x - ax + i, y - ay + j);
                v = j == 0 ? p->ky[0] * h : v + p->ky[j] * h;
            }
            vl_conv_store(s, out, x, v);
        }
    }
    return VELA_OK;
}

vela_status vl_conv2d_ref(const vl_conv2d_plan *p, const vela_image_data *src, const vela_image_data *dst,
                          int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    int32_t ax = s->kw / 2, ay = s->kh / 2;
    for (int32_t y = y0; y < y1; y++) {
        void *out = (uint8_t *)dst->planes[0].data + (int64_t)y * dst->planes[0].pitch;
        for (int32_t x = 0; x < s->width; x++) {
            float v = p->k[0] * element(s, src, x - ax, y - ay);
            for (int32_t t = 1; t < s->kw * s->kh; t++)
                v = v + p->k[t] * element(s, src, x - ax + t % s->kw, y - ay + t / s->kw);
            vl_conv_store(s, out, x, v);
        }
    }
    return VELA_OK;
}
