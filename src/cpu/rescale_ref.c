/* Rescale, plain C: the oracle for NEON and CUDA. Each destination pixel is computed on its own
 * from the definitions in common/rescale.h, with no tables and no reuse between pixels. */
#include "common/rescale.h"

#include <string.h>

static const uint8_t *src_row(const vela_image_data *d, int32_t y)
{
    return (const uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

static uint8_t *dst_row(const vela_image_data *d, int32_t y)
{
    return (uint8_t *)d->planes[0].data + (int64_t)y * d->planes[0].pitch;
}

/* Element i of a row as float, and a float result stored as the depth. */
static float load(vl_depth d, const uint8_t *row, int32_t i)
{
    switch (d) {
    case VL_DEPTH_U8: return row[i];
    case VL_DEPTH_S16: return ((const int16_t *)row)[i];
    default: return ((const float *)row)[i];
    }
}

static int32_t load_int(vl_depth d, const uint8_t *row, int32_t i)
{
    return d == VL_DEPTH_U8 ? row[i] : ((const int16_t *)row)[i];
}

static void store(vl_depth d, uint8_t *row, int32_t i, float v)
{
    switch (d) {
    case VL_DEPTH_U8: row[i] = vl_rescale_f32_to_u8(v); break;
    case VL_DEPTH_S16: ((int16_t *)row)[i] = vl_rescale_f32_to_s16(v); break;
    default: ((float *)row)[i] = v; break;
    }
}

static void store_int(vl_depth d, uint8_t *row, int32_t i, int32_t v)
{
    if (d == VL_DEPTH_U8) row[i] = vl_rescale_sat_u8(v);
    else ((int16_t *)row)[i] = vl_rescale_sat_s16(v);
}

static void separable_pixel(const vl_rescale_plan *p, const vela_image_data *src, uint8_t *out, int32_t dx,
                            const vl_rescale_taps *ty)
{
    vl_rescale_taps tx;
    vl_rescale_col_taps(p, dx, &tx);
    const int32_t cn = p->channels, k = p->ksize;
    for (int32_t c = 0; c < cn; c++) {
        int32_t hi[4] = { 0 };
        float hf[4] = { 0 };
        for (int32_t r = 0; r < k; r++) {
            const uint8_t *row = src_row(src, vl_rescale_clamp(ty->first + r, p->src_h));
            hi[r] = 0;
            for (int32_t j = 0; j < k; j++) {
                int32_t i = vl_rescale_clamp(tx.first + j, p->src_w) * cn + c;
                if (p->depth == VL_DEPTH_U8) hi[r] += row[i] * tx.iw[j];
                else hf[r] = j == 0 ? load(p->depth, row, i) * tx.w[0] : hf[r] + load(p->depth, row, i) * tx.w[j];
            }
        }
        int32_t o = dx * cn + c;
        if (p->depth == VL_DEPTH_U8) {
            out[o] = k == 2 ? vl_rescale_vlinear_u8(hi[0], hi[1], ty->iw[0], ty->iw[1]) : vl_rescale_vcubic_u8(hi, ty->iw);
        } else {
            float v = hf[0] * ty->w[0];
            for (int32_t r = 1; r < k; r++) v = v + hf[r] * ty->w[r];
            store(p->depth, out, o, v);
        }
    }
}

/* F32 blocks sum each row left to right, then the rows top to bottom. */
static void block_pixel(const vl_rescale_plan *p, const vela_image_data *src, uint8_t *out, int32_t dx, int32_t dy)
{
    const int32_t cn = p->channels;
    for (int32_t c = 0; c < cn; c++) {
        int32_t isum = 0;
        float fsum = 0.f;
        for (int32_t r = 0; r < p->ky; r++) {
            const uint8_t *row = src_row(src, dy * p->ky + r);
            float rsum = 0.f;
            for (int32_t t = 0; t < p->kx; t++) {
                int32_t i = (dx * p->kx + t) * cn + c;
                if (p->depth == VL_DEPTH_F32) rsum = t == 0 ? load(p->depth, row, i) : rsum + load(p->depth, row, i);
                else isum += load_int(p->depth, row, i);
            }
            fsum = r == 0 ? rsum : fsum + rsum;
        }
        int32_t o = dx * cn + c;
        if (p->depth == VL_DEPTH_F32) ((float *)out)[o] = fsum * (1.f / (float)(p->kx * p->ky));
        else store_int(p->depth, out, o, vl_rescale_block_mean(isum, p->kx, p->ky));
    }
}

/* Each row's weighted sum over the column span, from 0, then the rows' weighted sum. */
static void area_pixel(const vl_rescale_plan *p, const vela_image_data *src, uint8_t *out, int32_t dx,
                       const vl_rescale_span *sy)
{
    vl_rescale_span sx;
    vl_rescale_area_span(p->scale_x, p->src_w, dx, &sx);
    const int32_t cn = p->channels, nx = vl_rescale_span_count(&sx), ny = vl_rescale_span_count(sy);
    for (int32_t c = 0; c < cn; c++) {
        float sum = 0.f;
        for (int32_t ey = 0; ey < ny; ey++) {
            float beta, alpha, buf = 0.f;
            const uint8_t *row = src_row(src, vl_rescale_span_entry(sy, ey, &beta));
            for (int32_t ex = 0; ex < nx; ex++) {
                int32_t i = vl_rescale_span_entry(&sx, ex, &alpha);
                buf = buf + load(p->depth, row, i * cn + c) * alpha;
            }
            sum = ey == 0 ? beta * buf : sum + beta * buf;
        }
        store(p->depth, out, dx * cn + c, sum);
    }
}

vela_status vl_rescale_ref(const vl_rescale_plan *p, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1)
{
    const int32_t cn = p->channels, esize = vl_depth_bytes(p->depth), px = cn * esize;
    for (int32_t dy = y0; dy < y1; dy++) {
        uint8_t *out = dst_row(dst, dy);
        switch (p->kind) {
        case VL_RESCALE_COPY:
            memcpy(out, src_row(src, dy), (size_t)p->dst_w * px);
            break;
        case VL_RESCALE_NEAREST: {
            const uint8_t *row = src_row(src, vl_rescale_nearest(p->scale_y, p->src_h, dy));
            for (int32_t dx = 0; dx < p->dst_w; dx++)
                memcpy(out + (size_t)dx * px, row + (size_t)vl_rescale_nearest(p->scale_x, p->src_w, dx) * px, (size_t)px);
            break;
        }
        case VL_RESCALE_AREA_FAST:
            for (int32_t dx = 0; dx < p->dst_w; dx++) block_pixel(p, src, out, dx, dy);
            break;
        case VL_RESCALE_AREA: {
            vl_rescale_span sy;
            vl_rescale_area_span(p->scale_y, p->src_h, dy, &sy);
            for (int32_t dx = 0; dx < p->dst_w; dx++) area_pixel(p, src, out, dx, &sy);
            break;
        }
        case VL_RESCALE_SEPARABLE: {
            vl_rescale_taps ty;
            vl_rescale_row_taps(p, dy, &ty);
            for (int32_t dx = 0; dx < p->dst_w; dx++) separable_pixel(p, src, out, dx, &ty);
            break;
        }
        }
    }
    return VELA_OK;
}
