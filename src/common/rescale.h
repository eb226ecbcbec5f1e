/* Internal: a rescale resolved into a plan, and the arithmetic every backend shares.
 *
 * The plan reproduces cv::resize's choices (modules/imgproc/src/resize.cpp, OpenCV 4.6): equal
 * sizes copy; LINEAR at exactly half size in both directions becomes AREA; AREA with integer
 * ratios >= 1 averages whole blocks, with other ratios >= 1 weighs the covered areas, and with a
 * ratio < 1 in either direction is a bilinear filter with area-derived weights. Everything else is
 * a separable filter of K = 2 (LINEAR, that AREA) or 4 (CUBIC) taps per axis: a horizontal pass
 * over K source rows, then a vertical pass over the K results.
 *
 * The functions below are the definition: the plain-C reference and the CUDA kernels call them
 * (VL_HD makes them device functions too), and the NEON kernels are tested against the reference.
 * Coordinates are computed in double and weights in float exactly as OpenCV does, operation by
 * operation, so that the fixed-point weights and thus U8 results are bit-exact with it. */
#ifndef VL_RESCALE_H
#define VL_RESCALE_H

#include <math.h>
#include <stdint.h>
#include <vela/image.h>
#include <vela/rescale.h>

#include "common/format.h"

#ifdef __CUDACC__
#  define VL_HD __host__ __device__ __forceinline__
#else
#  define VL_HD static inline
#endif

typedef enum vl_rescale_kind {
    VL_RESCALE_COPY,       /* equal sizes */
    VL_RESCALE_NEAREST,
    VL_RESCALE_AREA_FAST,  /* integer ratios kx, ky: the mean of each kx x ky block */
    VL_RESCALE_AREA,       /* ratios >= 1, not both integers: covered areas as float weights */
    VL_RESCALE_SEPARABLE   /* K taps per axis */
} vl_rescale_kind;

/* How a SEPARABLE plan's taps follow from the destination index. */
typedef enum vl_rescale_rule {
    VL_RULE_LINEAR,  /* centre-aligned, 2 taps */
    VL_RULE_CUBIC,   /* centre-aligned, 4 taps, Keys a = -0.75 */
    VL_RULE_AREA     /* OpenCV's INTER_AREA where a direction grows: 2 taps */
} vl_rescale_rule;

typedef struct vl_rescale_plan {
    vl_rescale_kind kind;
    vl_rescale_rule rule;     /* SEPARABLE */
    vela_format format;
    vl_depth depth;           /* U8, S16 or F32 */
    int32_t channels;         /* 1, 3 or 4 */
    int32_t ksize;            /* SEPARABLE: taps per axis, 2 or 4 */
    int32_t src_w, src_h, dst_w, dst_h;
    double scale_x, scale_y;  /* source pixels per destination pixel: 1 / (dst / src), as OpenCV */
    double inv_x, inv_y;      /* dst / src */
    int32_t kx, ky;           /* AREA_FAST: the integer ratios */
} vl_rescale_plan;

/* OpenCV's INTER_RESIZE_COEF_BITS: U8 weights are float weights times 2^11, rounded. */
#define VL_RESCALE_COEF_BITS 11
#define VL_RESCALE_COEF_SCALE (1 << VL_RESCALE_COEF_BITS)

/* ---- rounding, as cvRound and saturate_cast ------------------------------------------------- */

VL_HD int32_t vl_rescale_round(float v)  /* half to even */
{
#ifdef __CUDA_ARCH__
    return __float2int_rn(v);
#else
    return (int32_t)lrintf(v);
#endif
}

VL_HD int32_t vl_rescale_floor(double v) { return (int32_t)floor(v); }

VL_HD uint8_t vl_rescale_sat_u8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
VL_HD int16_t vl_rescale_sat_s16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

/* A float result to U8 or S16: clamped first (the int conversion must not overflow), then rounded
 * half to even, as saturate_cast for the values a filter of in-range inputs produces. */
VL_HD uint8_t vl_rescale_f32_to_u8(float v)
{
    return (uint8_t)vl_rescale_round(v < 0.0f ? 0.0f : v > 255.0f ? 255.0f : v);
}

VL_HD int16_t vl_rescale_f32_to_s16(float v)
{
    return (int16_t)vl_rescale_round(v < -32768.0f ? -32768.0f : v > 32767.0f ? 32767.0f : v);
}

/* ---- separable taps ------------------------------------------------------------------------- */

/* The taps of one destination column or row: tap j reads source index first + j, clamped to
 * [0, n - 1] (REPLICATE); w are the float weights, iw the U8 fixed-point ones. */
typedef struct vl_rescale_taps {
    int32_t first;
    float w[4];
    int32_t iw[4];
} vl_rescale_taps;

VL_HD void vl_rescale_cubic_weights(float x, float *c)
{
    const float A = -0.75f;
    c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
    c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
    c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = 1.f - c[0] - c[1] - c[2];
}

/* Destination index d of an axis with n source and `dst_n` destination samples. OpenCV clamps
 * the 2-tap positions of columns to the image (and zeroes the fraction there) but not those of
 * rows, whose taps are clamped one by one: `columns` says which. */
VL_HD void vl_rescale_axis_taps(vl_rescale_rule rule, double scale, double inv, int32_t n, int columns,
                                int32_t d, vl_rescale_taps *t)
{
    int32_t s;
    float f;
    if (rule == VL_RULE_AREA) {
        s = vl_rescale_floor(d * scale);
        f = (float)((d + 1) - (s + 1) * inv);
        f = f <= 0 ? 0.f : f - floorf(f);
    } else {
        f = (float)((d + 0.5) * scale - 0.5);
        s = (int32_t)floorf(f);
        f -= (float)s;
    }
    if (rule == VL_RULE_CUBIC) {
        vl_rescale_cubic_weights(f, t->w);
        t->first = s - 1;
        for (int j = 0; j < 4; j++) t->iw[j] = vl_rescale_round(t->w[j] * VL_RESCALE_COEF_SCALE);
        return;
    }
    if (columns) {
        if (s < 0) s = 0, f = 0.f;
        if (s >= n - 1) s = n - 1, f = 0.f;
    }
    t->first = s;
    t->w[0] = 1.f - f;
    t->w[1] = f;
    t->w[2] = t->w[3] = 0.f;
    t->iw[0] = vl_rescale_round(t->w[0] * VL_RESCALE_COEF_SCALE);
    t->iw[1] = vl_rescale_round(t->w[1] * VL_RESCALE_COEF_SCALE);
    t->iw[2] = t->iw[3] = 0;
}

VL_HD void vl_rescale_col_taps(const vl_rescale_plan *p, int32_t dx, vl_rescale_taps *t)
{
    vl_rescale_axis_taps(p->rule, p->scale_x, p->inv_x, p->src_w, 1, dx, t);
}

VL_HD void vl_rescale_row_taps(const vl_rescale_plan *p, int32_t dy, vl_rescale_taps *t)
{
    vl_rescale_axis_taps(p->rule, p->scale_y, p->inv_y, p->src_h, 0, dy, t);
}

VL_HD int32_t vl_rescale_clamp(int32_t i, int32_t n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }

/* The vertical pass of U8 LINEAR and AREA-as-bilinear, on the horizontal sums h0, h1 (Q11): not
 * (b0 h0 + b1 h1 + 2^21) >> 22 but OpenCV's 16-bit form of it, which every path of its U8 linear
 * resize uses. It stays in [0, 255] because the weights of each pair sum to 2^11. */
VL_HD uint8_t vl_rescale_vlinear_u8(int32_t h0, int32_t h1, int32_t b0, int32_t b1)
{
    return (uint8_t)((((b0 * (h0 >> 4)) >> 16) + ((b1 * (h1 >> 4)) >> 16) + 2) >> 2);
}

/* The vertical pass of U8 CUBIC: Q22 rounded half up, saturated. */
VL_HD uint8_t vl_rescale_vcubic_u8(const int32_t h[4], const int32_t b[4])
{
    return vl_rescale_sat_u8((h[0] * b[0] + h[1] * b[1] + h[2] * b[2] + h[3] * b[3] + (1 << 21)) >> 22);
}

/* ---- nearest, area ------------------------------------------------------------------------------ */

VL_HD int32_t vl_rescale_nearest(double scale, int32_t n, int32_t d)
{
    int32_t s = vl_rescale_floor(d * scale);
    return s < n - 1 ? s : n - 1;
}

/* AREA_FAST rounding of a block's integer sum: OpenCV's 2x2 path adds 2 and shifts (half up, and
 * a floor for negative S16 sums); every other block size multiplies by the float 1/area and rounds
 * half to even. */
VL_HD int32_t vl_rescale_block_mean(int32_t sum, int32_t kx, int32_t ky)
{
    if (kx == 2 && ky == 2) return (sum + 2) >> 2;
    return vl_rescale_round((float)sum * (1.f / (float)(kx * ky)));
}

/* The source span of destination index d for AREA (computeResizeAreaTab): an optional partial
 * sample first - 1 with weight w_first, whole samples [first, last) with weight w_mid each, and an
 * optional partial sample `last` with weight w_last. Sums run in that order. */
typedef struct vl_rescale_span {
    int32_t first, last;
    int32_t has_first, has_last;
    float w_first, w_mid, w_last;
} vl_rescale_span;

VL_HD void vl_rescale_area_span(double scale, int32_t n, int32_t d, vl_rescale_span *s)
{
    double f1 = d * scale, f2 = f1 + scale;
    double cell = scale < n - f1 ? scale : n - f1;
    int32_t s1 = (int32_t)ceil(f1), s2 = (int32_t)floor(f2);
    s2 = s2 < n - 1 ? s2 : n - 1;
    s1 = s1 < s2 ? s1 : s2;
    s->first = s1;
    s->last = s2;
    s->has_first = s1 - f1 > 1e-3;
    s->w_first = (float)((s1 - f1) / cell);
    s->w_mid = (float)(1.0 / cell);
    s->has_last = f2 - s2 > 1e-3;
    double tail = f2 - s2 < 1.0 ? f2 - s2 : 1.0;
    s->w_last = (float)((tail < cell ? tail : cell) / cell);
}

/* The span's samples in summing order: entry e in [0, vl_rescale_span_count) is source index
 * vl_rescale_span_entry(s, e, &w) with weight w. */
VL_HD int32_t vl_rescale_span_count(const vl_rescale_span *s) { return s->has_first + s->last - s->first + s->has_last; }

VL_HD int32_t vl_rescale_span_entry(const vl_rescale_span *s, int32_t e, float *w)
{
    if (s->has_first) {
        if (e == 0) {
            *w = s->w_first;
            return s->first - 1;
        }
        e--;
    }
    if (e < s->last - s->first) {
        *w = s->w_mid;
        return s->first + e;
    }
    *w = s->w_last;
    return s->last;
}

/* ---- plans and kernels -------------------------------------------------------------------------- */

/* Builds the plan for rescaling a src_w x src_h image of `format` to dst_w x dst_h, or fails
 * naming what is wrong. Shared with tests, which call the kernels directly. */
vela_status vl_rescale_plan_make(vela_format format, int32_t src_w, int32_t src_h, int32_t dst_w,
                                 int32_t dst_h, const vela_rescale_params *params, vl_rescale_plan *plan);

/* Each backend writes destination rows [y0, y1) (CUDA: all of them, on `gpu_stream`). NEON may
 * decline with VELA_ERROR_NOT_IMPLEMENTED when asked with y0 == y1, and the reference then runs. */
vela_status vl_rescale_ref(const vl_rescale_plan *plan, const vela_image_data *src,
                           const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_rescale_neon(const vl_rescale_plan *plan, const vela_image_data *src,
                            const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_rescale_cuda(const vl_rescale_plan *plan, const vela_image_data *src,
                            const vela_image_data *dst, void *gpu_stream);

#endif
