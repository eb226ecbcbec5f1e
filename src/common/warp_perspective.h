/* Internal: a perspective warp resolved into what every backend executes the same way. */
#ifndef VL_WARP_PERSPECTIVE_H
#define VL_WARP_PERSPECTIVE_H

#include <stdint.h>
#include <vela/geometry.h>
#include <vela/image.h>
#include <vela/warp.h>

#include "common/remap.h"

/* One plane: the homography from its destination pixels to its source pixels, row-major, and
 * OpenCV's block width. cv::warpPerspective evaluates each row in blocks, from the block's start:
 *   X0 = m0 xb + m1 y + m2 (likewise Y0, W0),  W = W0 + m6 (x - xb),
 *   LINEAR/CUBIC: W = W ? 32 / W : 0;  NEAREST: W = W ? 1 / W : 0
 *   X = round(clamp((X0 + m0 (x - xb)) W)), Y likewise
 * in double; vela does the same so that its points are OpenCV's to the last bit. */
typedef struct vl_warp_plane {
    double m[9];
    int32_t block;          /* blocks start at multiples of this (OpenCV: from the plane's size) */
    int32_t width, height;  /* of the destination plane */
    vl_sampler sampler;
} vl_warp_plane;

typedef struct vl_warp_plan {
    int num_planes;  /* 2 for NV12: luma, then chroma */
    vl_warp_plane plane[2];
} vl_warp_plan;

/* The block width cv::warpPerspective uses for a width x height destination. */
static inline int32_t vl_warp_block_width(int32_t width, int32_t height)
{
    int32_t bh = height < 16 ? height : 16;
    int32_t bw = 1024 / bh;
    return bw < width ? bw : width;
}

/* The table entries (see common/remap.h) of pixels [x0, x1) of row y, in plain C. */
void vl_warp_points_ref(const vl_warp_plane *p, int32_t y, int32_t x0, int32_t x1, int16_t *xy, uint16_t *a);

/* Each backend warps destination rows [y0, y1) of plane 0 and the matching chroma rows; CUDA the
 * whole image on `gpu_stream`. NEON may decline (VELA_ERROR_NOT_IMPLEMENTED) on y0 == y1. */
vela_status vl_warp_perspective_ref(const vl_warp_plan *plan, const vela_image_data *src,
                                    const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_warp_perspective_neon(const vl_warp_plan *plan, const vela_image_data *src,
                                     const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_warp_perspective_cuda(const vl_warp_plan *plan, const vela_image_data *src,
                                     const vela_image_data *dst, void *gpu_stream);

/* Builds the plan (matrix checked, inverted unless VELA_WARP_INVERSE; NV12's chroma matrix
 * derived), or fails naming what is wrong. Shared with the tests. */
vela_status vl_warp_plan_make(vela_format format, int32_t src_width, int32_t src_height, int32_t dst_width,
                              int32_t dst_height, const vela_matrix3 *matrix, vela_interp interp,
                              vela_border border, const vela_warp_perspective_params *params,
                              vl_warp_plan *plan);

/* dst->src matrix of a homography given either way: checks entries (finite, |m| < 1e150) and
 * conditioning, inverts as cv::invert (DECOMP_LU, 3x3 closed form) when needed. Shared with the
 * warp-map generator. `what` names the argument in messages. */
vela_status vl_homography_dst_to_src(const vela_matrix3 *matrix, uint32_t flags, const char *what, double m[9]);

#endif
