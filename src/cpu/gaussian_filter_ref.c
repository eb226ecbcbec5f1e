/* The Gaussian filter on 8-bit channels, plain C: OpenCV's fixed point, the oracle for NEON and
 * CUDA. Exact integers: the order of the sums does not matter. */
#include "common/gaussian_filter.h"

vela_status vl_gauss8_ref(const vl_gauss8_plan *p, const vela_image_data *src, const vela_image_data *dst,
                          int32_t y0, int32_t y1)
{
    const vl_filter_shape *s = &p->s;
    const int32_t cn = s->channels, ax = s->kw / 2, ay = s->kh / 2;
    const uint32_t value = (uint8_t)s->value;
    for (int32_t y = y0; y < y1; y++) {
        uint8_t *out = (uint8_t *)dst->planes[0].data + (int64_t)y * dst->planes[0].pitch;
        for (int32_t x = 0; x < s->width; x++)
            for (int32_t c = 0; c < cn; c++) {
                uint32_t v = 0;
                for (int32_t j = 0; j < s->kh; j++) {
                    int32_t yi = vl_filter_index(s, y - ay + j, s->height);
                    const uint8_t *row = yi < 0 ? NULL : (const uint8_t *)src->planes[0].data + (int64_t)yi * src->planes[0].pitch;
                    uint32_t h = 0;
                    for (int32_t i = 0; i < s->kw; i++) {
                        int32_t xi = vl_filter_index(s, x - ax + i, s->width);
                        h += p->kx[i] * (row && xi >= 0 ? row[xi * cn + c] : value);
                    }
                    v += p->ky[j] * h;
                }
                out[x * cn + c] = (uint8_t)((v + (1u << 15)) >> 16);
            }
    }
    return VELA_OK;
}
