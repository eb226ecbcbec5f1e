/* What the filter suites share: one description of a filtering for the four filters, submitting it
 * through the public API, running it on the plain-C reference, and test data that floats can take. */
#ifndef VT_FILTER_CASES_H
#define VT_FILTER_CASES_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <vela/vela.h>

#include "harness.h"

#ifdef __cplusplus
extern "C" {
#endif

#include "common/box_filter.h"
#include "common/convolution.h"
#include "common/gaussian_filter.h"

typedef enum vt_filter_algo { VT_BOX, VT_GAUSSIAN, VT_CONV2D, VT_SEPCONV } vt_filter_algo;

typedef struct vt_filter {
    vt_filter_algo algo;
    int32_t kw, kh;        /* box, 2D, separable; Gaussian: the params' sizes (0: from sigma) */
    double sx, sy;         /* Gaussian */
    float k[VELA_CONVOLUTION_MAX_KERNEL * VELA_CONVOLUTION_MAX_KERNEL];  /* 2D, row-major */
    float kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];         /* separable */
    vela_border border;
    float value;
} vt_filter;

static const vela_border vt_borders[] = { VELA_BORDER_CONSTANT, VELA_BORDER_REPLICATE, VELA_BORDER_REFLECT,
                                          VELA_BORDER_REFLECT_101 };
#define VT_NUM_BORDERS 4

static inline const char *vt_algo_name(vt_filter_algo a)
{
    return a == VT_BOX ? "box" : a == VT_GAUSSIAN ? "gaussian" : a == VT_CONV2D ? "conv2d" : "sepconv";
}

static inline vela_status vt_filter_submit(vela_stream *s, vela_backend b, vela_image *src, vela_image *dst,
                                           const vt_filter *f)
{
    switch (f->algo) {
    case VT_BOX: {
        vela_box_filter_params p;
        vela_box_filter_params_default(&p);
        p.kernel_width = f->kw;
        p.kernel_height = f->kh;
        p.border = f->border;
        p.border_value = f->value;
        return vela_submit_box_filter(s, b, src, dst, &p);
    }
    case VT_GAUSSIAN: {
        vela_gaussian_filter_params p;
        vela_gaussian_filter_params_default(&p);
        p.kernel_width = f->kw;
        p.kernel_height = f->kh;
        p.sigma_x = f->sx;
        p.sigma_y = f->sy;
        p.border = f->border;
        p.border_value = f->value;
        return vela_submit_gaussian_filter(s, b, src, dst, &p);
    }
    case VT_CONV2D: {
        vela_convolution_params p = { f->border, f->value };
        return vela_submit_convolution(s, b, src, dst, f->k, f->kw, f->kh, &p);
    }
    default: {
        vela_convolution_params p = { f->border, f->value };
        return vela_submit_separable_convolution(s, b, src, dst, f->kx, f->kw, f->ky, f->kh, &p);
    }
    }
}

/* Which kernel a plan runs, for calling the backends directly. */
typedef enum vt_kernel { VT_K_BOX8, VT_K_GAUSS8, VT_K_SEP, VT_K_CONV2D } vt_kernel;

typedef struct vt_plan {
    vt_kernel kernel;
    vl_box_plan box;
    vl_gaussian_plan gauss;
    vl_sepconv_plan sep;
    vl_conv2d_plan conv;
} vt_plan;

static inline vela_status vt_plan_make(const vt_filter *f, vela_format fmt, int32_t w, int32_t h, vt_plan *p)
{
    vela_status st;
    memset(p, 0, sizeof *p);
    vela_convolution_params cp = { f->border, f->value };
    switch (f->algo) {
    case VT_BOX: {
        vela_box_filter_params bp = { f->kw, f->kh, f->border, f->value };
        if ((st = vl_box_plan_make(fmt, w, h, &bp, &p->box)) != VELA_OK) return st;
        p->kernel = p->box.integer ? VT_K_BOX8 : VT_K_SEP;
        p->sep = p->box.f;
        return VELA_OK;
    }
    case VT_GAUSSIAN: {
        vela_gaussian_filter_params gp = { f->kw, f->kh, f->sx, f->sy, f->border, f->value };
        if ((st = vl_gaussian_plan_make(fmt, w, h, &gp, &p->gauss)) != VELA_OK) return st;
        p->kernel = p->gauss.integer ? VT_K_GAUSS8 : VT_K_SEP;
        p->sep = p->gauss.f;
        return VELA_OK;
    }
    case VT_CONV2D:
        p->kernel = VT_K_CONV2D;
        return vl_conv2d_plan_make(fmt, w, h, f->k, f->kw, f->kh, &cp, &p->conv);
    default:
        p->kernel = VT_K_SEP;
        return vl_sepconv_plan_make(fmt, w, h, f->kx, f->kw, f->ky, f->kh, &cp, &p->sep);
    }
}

static inline vela_status vt_plan_ref(const vt_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                      int32_t y0, int32_t y1)
{
    switch (p->kernel) {
    case VT_K_BOX8: return vl_box8_ref(&p->box.b8, src, dst, y0, y1);
    case VT_K_GAUSS8: return vl_gauss8_ref(&p->gauss.q8, src, dst, y0, y1);
    case VT_K_CONV2D: return vl_conv2d_ref(&p->conv, src, dst, y0, y1);
    default: return vl_sepconv_ref(&p->sep, src, dst, y0, y1);
    }
}

#if VELA_HAVE_NEON
static inline vela_status vt_plan_neon(const vt_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                       int32_t y0, int32_t y1)
{
    switch (p->kernel) {
    case VT_K_BOX8: return vl_box8_neon(&p->box.b8, src, dst, y0, y1);
    case VT_K_GAUSS8: return vl_gauss8_neon(&p->gauss.q8, src, dst, y0, y1);
    case VT_K_CONV2D: return vl_conv2d_neon(&p->conv, src, dst, y0, y1);
    default: return vl_sepconv_neon(&p->sep, src, dst, y0, y1);
    }
}
#endif

/* Fills the image with data the format's filters take: any bytes for 8-bit channels; for S16
 * any value; for F16 and F32 finite values in [-range, range] (random bits would make infinities,
 * whose sums are NaNs with backend-dependent payloads). */
static inline void vt_filter_fill(const vela_image_data *d, float range)
{
    vt_fill_data(d);
    vela_format f = d->format;
    if (f != VELA_FORMAT_F32 && f != VELA_FORMAT_F16) return;
    for (int32_t y = 0; y < d->height; y++) {
        uint8_t *row = (uint8_t *)d->planes[0].data + (size_t)y * d->planes[0].pitch;
        for (int32_t x = 0; x < d->width; x++) {
            float v = ((float)(vt_rand() >> 8) / (float)(1 << 24) * 2.0f - 1.0f) * range;
            if (f == VELA_FORMAT_F32) memcpy(row + 4 * x, &v, 4);
            else {
                uint16_t hv = vl_f32_to_f16(v);
                memcpy(row + 2 * x, &hv, 2);
            }
        }
    }
}

/* Random weights in [-1, 1). */
static inline void vt_random_weights(float *k, int32_t n)
{
    for (int32_t i = 0; i < n; i++) k[i] = (float)(vt_rand() >> 8) / (float)(1 << 23) - 1.0f;
}

/* A filtering with random weights for the 2D kernel (where kw x kh fits one) and the separable
 * rows and columns: each filter reads the weights it needs. */
static inline vt_filter vt_filter_make(vt_filter_algo algo, int32_t kw, int32_t kh, vela_border border, float value)
{
    vt_filter f;
    memset(&f, 0, sizeof f);
    f.algo = algo;
    f.kw = kw;
    f.kh = kh;
    f.border = border;
    f.value = value;
    if (kw * kh <= VELA_CONVOLUTION_MAX_KERNEL * VELA_CONVOLUTION_MAX_KERNEL) vt_random_weights(f.k, kw * kh);
    vt_random_weights(f.kx, kw);
    vt_random_weights(f.ky, kh);
    return f;
}

#ifdef __cplusplus
}
#endif

#endif
