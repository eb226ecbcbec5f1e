/* Internal: one Gaussian pyramid level down, resolved into a plan every backend executes alike.
 *
 * The definition (cv::pyrDown, OpenCV 4.6): a horizontal pass gives, for destination column x of
 * source row y, r = s[2x-2] + 4 s[2x-1] + 6 s[2x] + 4 s[2x+1] + s[2x+2] (source columns through
 * the border); a vertical pass gives t = r[2y-2] + 4 r[2y-1] + 6 r[2y] + 4 r[2y+1] + r[2y+2]. Integer
 * formats keep both passes in integers and store (t + 128) >> 8; F32 computes the passes as OpenCV's
 * scalar code writes them, r = ((6 s0 + 4 (s-1 + s1)) + s-2) + s2 and the same down the column, and
 * stores t * (1 / 256). */
#ifndef VL_PYRAMID_H
#define VL_PYRAMID_H

#include <stdint.h>
#include <vela/image.h>
#include <vela/pyramid.h>

#include "common/format.h"

typedef struct vl_pyr_plan {
    vela_format format;
    vl_depth depth;      /* U8, S16 or F32 */
    int32_t channels;    /* 1, 3 or 4 */
    int32_t src_w, src_h, dst_w, dst_h;
    vela_border border;  /* REFLECT_101, REFLECT or REPLICATE */
} vl_pyr_plan;

/* Builds the plan for a src_w x src_h image of `format` into dst_w x dst_h, or fails naming what is
 * wrong (dst must be ((w + 1) / 2, (h + 1) / 2)). Shared with tests, which call the kernels. */
vela_status vl_pyr_plan_make(vela_format format, int32_t src_w, int32_t src_h, int32_t dst_w, int32_t dst_h,
                             const vela_pyr_down_params *params, vl_pyr_plan *plan);

/* Each backend writes destination rows [y0, y1) (CUDA: all of them, on `gpu_stream`). NEON may
 * decline with VELA_ERROR_NOT_IMPLEMENTED when asked with y0 == y1, and the reference then runs. */
vela_status vl_pyr_down_ref(const vl_pyr_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                            int32_t y0, int32_t y1);
vela_status vl_pyr_down_neon(const vl_pyr_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                             int32_t y0, int32_t y1);
vela_status vl_pyr_down_cuda(const vl_pyr_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                             void *gpu_stream);

#endif
