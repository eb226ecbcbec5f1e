/* One pyramid level down, plain C: the oracle for NEON and CUDA. Each destination value is computed
 * on its own from the 5x5 source neighbourhood, as common/pyramid.h defines it. */
#include "common/pyramid.h"

#include "common/border.h"

static const uint8_t *src_row(const vela_image_data *d, int32_t y)
{
    return (const uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

static float load(vl_depth d, const uint8_t *row, int32_t i)
{
    return d == VL_DEPTH_F32 ? ((const float *)row)[i] : (float)(d == VL_DEPTH_U8 ? row[i] : ((const int16_t *)row)[i]);
}

static int32_t load_int(vl_depth d, const uint8_t *row, int32_t i)
{
    return d == VL_DEPTH_U8 ? row[i] : ((const int16_t *)row)[i];
}

vela_status vl_pyr_down_ref(const vl_pyr_plan *p, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                            int32_t y1)
{
    const int32_t cn = p->channels;
    for (int32_t dy = y0; dy < y1; dy++) {
        uint8_t *out = (uint8_t *)dst->planes[0].data + (int64_t)dy * dst->planes[0].pitch;
        const uint8_t *rows[5];
        for (int32_t j = 0; j < 5; j++) rows[j] = src_row(src, vl_border_index(p->border, 2 * dy - 2 + j, p->src_h));
        for (int32_t dx = 0; dx < p->dst_w; dx++) {
            int32_t col[5];
            for (int32_t i = 0; i < 5; i++) col[i] = vl_border_index(p->border, 2 * dx - 2 + i, p->src_w) * cn;
            for (int32_t c = 0; c < cn; c++) {
                int32_t v = dx * cn + c;
                if (p->depth == VL_DEPTH_F32) {
                    float r[5];
                    for (int32_t j = 0; j < 5; j++) {
                        const uint8_t *s = rows[j];
                        r[j] = ((load(p->depth, s, col[2] + c) * 6 + (load(p->depth, s, col[1] + c) + load(p->depth, s, col[3] + c)) * 4) +
                                load(p->depth, s, col[0] + c)) + load(p->depth, s, col[4] + c);
                    }
                    ((float *)out)[v] = (((r[2] * 6 + (r[1] + r[3]) * 4) + r[0]) + r[4]) * (1.f / 256.f);
                } else {
                    int32_t r[5];
                    for (int32_t j = 0; j < 5; j++) {
                        const uint8_t *s = rows[j];
                        r[j] = load_int(p->depth, s, col[0] + c) + 4 * load_int(p->depth, s, col[1] + c) +
                               6 * load_int(p->depth, s, col[2] + c) + 4 * load_int(p->depth, s, col[3] + c) +
                               load_int(p->depth, s, col[4] + c);
                    }
                    int32_t t = (r[0] + 4 * r[1] + 6 * r[2] + 4 * r[3] + r[4] + 128) >> 8;
                    if (p->depth == VL_DEPTH_U8) out[v] = (uint8_t)t;
                    else ((int16_t *)out)[v] = (int16_t)t;
                }
            }
        }
    }
    return VELA_OK;
}
