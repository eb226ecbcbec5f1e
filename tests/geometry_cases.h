/* Cases shared by the perspective-warp and remap suites (CPU, CUDA). */
#ifndef VT_GEOMETRY_CASES_H
#define VT_GEOMETRY_CASES_H

#include <math.h>
#include <vela/vela.h>

#include "harness.h"

static const vela_format vt_geo_formats[] = {
    VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F32, VELA_FORMAT_RGB8, VELA_FORMAT_BGR8,
    VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8, VELA_FORMAT_NV12, VELA_FORMAT_NV12_ER,
};
#define VT_NUM_GEO_FORMATS ((int)(sizeof vt_geo_formats / sizeof vt_geo_formats[0]))

static const vela_interp vt_interps[] = { VELA_INTERP_NEAREST, VELA_INTERP_LINEAR, VELA_INTERP_CUBIC };
static const char *const vt_interp_names[] = { "NEAREST", "LINEAR", "CUBIC" };
static const vela_border vt_borders[] = { VELA_BORDER_CONSTANT, VELA_BORDER_REPLICATE, VELA_BORDER_REFLECT,
                                          VELA_BORDER_REFLECT_101, VELA_BORDER_TRANSPARENT };
static const char *const vt_border_names[] = { "CONSTANT", "REPLICATE", "REFLECT", "REFLECT_101", "TRANSPARENT" };

/* Destination -> source homographies for a w x h source seen by a dw x dh destination:
 *   0 rotation by 10 degrees about the centre, scale 1.1, mild perspective (most of the source)
 *   1 shifted so that half the destination falls outside the source
 *   2 magnified 3.3 times with perspective (many pixels share a footprint)
 *   3 strong perspective with the horizon inside the destination (w crosses 0)
 *   4 rotation by 90 degrees (points land on whole pixels, fractions all zero) */
#define VT_NUM_MATRICES 5
/* One more, not among those: x / 2 and y / 2 + 1/64 (w = 2), so NEAREST meets ties at odd x and
 * LINEAR's 1/32-pixel rounding meets one at every point (the GPU's checked path). */
#define VT_MATRIX_TIES 5
static inline vela_matrix3 vt_matrix(int which, int w, int h, int dw, int dh)
{
    double cx = (w - 1) * 0.5, cy = (h - 1) * 0.5, dcx = (dw - 1) * 0.5, dcy = (dh - 1) * 0.5;
    vela_matrix3 m = { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } } };
    switch (which) {
    case 0: {
        double a = 10 * M_PI / 180, s = 1.1, c = cos(a) * s, n = sin(a) * s;
        double px = 0.3 / (dw + 1), py = -0.2 / (dh + 1);
        m = (vela_matrix3){ { { c, -n, cx - c * dcx + n * dcy }, { n, c, cy - n * dcx - c * dcy }, { px, py, 1 - px * dcx - py * dcy } } };
        break;
    }
    case 1: m = (vela_matrix3){ { { 1, 0.05, w * 0.5 + 0.37 }, { -0.03, 1, -h * 0.25 - 0.71 }, { 0, 0, 1 } } }; break;
    case 2: {
        double s = 0.3;
        m = (vela_matrix3){ { { s, 0.01, cx - s * dcx }, { 0.02, s, cy - s * dcy }, { 0.1 / (dw + 1), 0, 1 } } };
        break;
    }
    case 3: m = (vela_matrix3){ { { 1, 0.2, 0.5 }, { 0.1, 1, -0.3 }, { 0.7 / (dw + 1), 2.0 / (dh + 1), -0.5 } } }; break;
    case 4: m = (vela_matrix3){ { { 0, 1, 0 }, { -1, 0, (double)(dw - 1) }, { 0, 0, 1 } } }; break;
    default: m = (vela_matrix3){ { { 1, 0, 0 }, { 0, 1, 1.0 / 32 }, { 0, 0, 2 } } }; break;
    }
    return m;
}

/* Random pixels; F32 planes get finite values (random bits hold infinities, and 0 x inf = NaN
 * spreads them to neighbours, as it does in OpenCV). */
static inline void vt_fill_finite(const vela_image_data *d)
{
    vt_fill_data(d);
    if (d->format != VELA_FORMAT_F32) return;
    for (int32_t y = 0; y < d->height; y++) {
        float *row = (float *)((uint8_t *)d->planes[0].data + (size_t)y * d->planes[0].pitch);
        for (int32_t x = 0; x < d->width; x++) row[x] = (float)((int32_t)vt_rand() % 100000) * 0.01f;
    }
}

#endif
