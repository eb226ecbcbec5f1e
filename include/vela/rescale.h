/* Rescale: an image resampled to another size, as cv::resize does it.
 *
 *   formats  U8, S16, F32, RGB8, BGR8, RGBA8, BGRA8; src and dst of the same format
 *   ratios   any, up or down, independently in x and y (from the two images' sizes)
 *   interp   NEAREST  source pixel floor(dx * src_w / dst_w), no half-pixel offset
 *            LINEAR   centre-aligned: sx = (dx + 0.5) * src_w / dst_w - 0.5; U8 in OpenCV's
 *                     11-bit fixed point; an exact 2x downscale in both directions is AREA
 *            CUBIC    Keys, a = -0.75, centre-aligned, 4x4 taps
 *            AREA     the mean of the source pixels each destination pixel covers when both
 *                     directions shrink; OpenCV's area-weighted bilinear otherwise
 *
 * Pixels outside the source read the nearest edge pixel (REPLICATE), as OpenCV's resize does.
 * Equal sizes copy the image whatever the interpolation. U8 results are bit-exact with OpenCV 4.6
 * for NEAREST, LINEAR and AREA and within 1 for CUBIC; S16 and F32 follow OpenCV's float
 * arithmetic (docs/REFERENCE.md). In-place (src == dst) is rejected. */
#ifndef VELA_RESCALE_H
#define VELA_RESCALE_H

#include <vela/backend.h>
#include <vela/export.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

typedef struct vela_rescale_params {
    vela_interp interp;  /* VELA_INTERP_LINEAR by default */
} vela_rescale_params;

VELA_API void vela_rescale_params_default(vela_rescale_params *params);

/* Resamples all of `src` into all of `dst`; the ratios are dst's size over src's. `params` may be
 * NULL (defaults). */
VELA_API vela_status vela_submit_rescale(vela_stream *stream, vela_backend backend, vela_image *src,
                                         vela_image *dst, const vela_rescale_params *params);

VELA_END_DECLS

#endif
