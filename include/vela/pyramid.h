/* Gaussian pyramid levels: one level down, as cv::pyrDown.
 *
 *   dst(x, y) = sum over i, j in [-2, 2] of k(i) k(j) src(2x + i, 2y + j) / 256,  k = [1 4 6 4 1]
 *
 * dst is ((w + 1) / 2, (h + 1) / 2) for a w x h src, of the same format: U8, S16, F32, RGB8,
 * BGR8, RGBA8, BGRA8 (channels filtered independently). Integer formats round half up
 * ((sum + 128) >> 8) and are bit-exact with OpenCV 4.6; F32 multiplies the sum by 1/256.
 * Borders: REFLECT_101 (OpenCV's default), REFLECT or REPLICATE, as cv::pyrDown allows.
 * In-place (src == dst) is rejected. */
#ifndef VELA_PYRAMID_H
#define VELA_PYRAMID_H

#include <vela/backend.h>
#include <vela/export.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

typedef struct vela_pyr_down_params {
    vela_border border;  /* VELA_BORDER_REFLECT_101 by default */
} vela_pyr_down_params;

VELA_API void vela_pyr_down_params_default(vela_pyr_down_params *params);

/* Filters `src` with the 5x5 Gaussian and keeps every second pixel and row into `dst`, which must
 * be ((w + 1) / 2, (h + 1) / 2). `params` may be NULL (defaults). */
VELA_API vela_status vela_submit_pyr_down(vela_stream *stream, vela_backend backend, vela_image *src,
                                          vela_image *dst, const vela_pyr_down_params *params);

VELA_END_DECLS

#endif
