/* Perspective warp: every destination pixel samples the source where a 3x3 homography puts it.
 *
 *   dst(x, y) = src(sx, sy),  sx = (m00 x + m01 y + m02) / w,  sy = (m10 x + m11 y + m12) / w,
 *                             w  =  m20 x + m21 y + m22
 *
 * with the matrix mapping destination to source (the inverse of the warp, as cv::warpPerspective
 * with WARP_INVERSE_MAP); without VELA_WARP_INVERSE the matrix maps source to destination and is
 * inverted first. Coordinates are pixel indices (no half-pixel offset), evaluated in double.
 *
 * Formats: U8, S16, F32, RGB8, BGR8, RGBA8, BGRA8, NV12 and NV12_ER (both planes: chroma samples
 * sit at the centre of their 2x2 luma block, so the chroma plane is warped by the same motion).
 * src and dst have the same format and any sizes, the source at most 32767 x 32767 (coordinates
 * are 16-bit, as in OpenCV).
 *
 * Interpolation NEAREST, LINEAR or CUBIC as OpenCV computes them: linear and cubic quantise the
 * source point to 1/32 pixel, and 8-bit images use 15-bit integer weights: results equal
 * OpenCV 4.6's to the last bit, every format OpenCV has (see docs/REFERENCE.md). Borders: CONSTANT with border_value (linear
 * and cubic blend toward it at the edges), REPLICATE, REFLECT, REFLECT_101, TRANSPARENT (pixels
 * whose footprint leaves the source keep their old value). */
#ifndef VELA_WARP_H
#define VELA_WARP_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/geometry.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

/* The matrix maps destination pixels to source pixels (cv::WARP_INVERSE_MAP). */
#define VELA_WARP_INVERSE 1u

typedef struct vela_warp_perspective_params {
    uint32_t flags;           /* VELA_WARP_INVERSE or 0 (default: the matrix maps src to dst) */
    double border_value[4];   /* CONSTANT border, per channel (NV12: Y, U, V), saturated to the
                                 format; default 0 */
} vela_warp_perspective_params;

VELA_API void vela_warp_perspective_params_default(vela_warp_perspective_params *params);

/* Warps `src` into all of `dst`. `params` may be NULL (defaults). Fails, queuing nothing, when
 * the matrix has a NaN or infinite entry or is singular or nearly so (condition number > 1e12). */
VELA_API vela_status vela_submit_warp_perspective(vela_stream *stream, vela_backend backend,
                                                  vela_image *src, vela_image *dst,
                                                  const vela_matrix3 *matrix, vela_interp interp,
                                                  vela_border border,
                                                  const vela_warp_perspective_params *params);

VELA_END_DECLS

#endif
