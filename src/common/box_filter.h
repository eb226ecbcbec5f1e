/* Internal: the box filter.
 *
 * On 8-bit channels (U8, RGB8, BGR8, RGBA8, BGRA8) the sum s of the kw x kh neighbourhood is exact
 * and divided as OpenCV 4.6 divides it (cv::blur, bit-exact):
 *
 *   area <= 256:  min(255, ((s + div_delta) * div_scale) >> 23)   (u32; area 1 is a copy)
 *   area  > 256:  round_half_even((float)s * inv_area)            (inv_area = (float)(1.0 / area))
 *
 * S16, F16 and F32 go through the separable convolution with the weights 1 (row) and 1 / area. */
#ifndef VL_BOX_FILTER_H
#define VL_BOX_FILTER_H

#include <stdbool.h>
#include <vela/filter.h>

#include "common/convolution.h"
#include "common/filter.h"

#define VL_BOX_SHIFT 23

typedef struct vl_box8_plan {
    vl_filter_shape s;
    uint32_t div_delta, div_scale;  /* area <= 256 */
    float inv_area;                 /* area > 256 */
} vl_box8_plan;

typedef struct vl_box_plan {
    bool integer;  /* 8-bit channels: b8; otherwise f */
    vl_box8_plan b8;
    vl_sepconv_plan f;
} vl_box_plan;

#define VL_BOX_FORMATS (VL_FILTER_COLOUR8 | VL_FMT(S16) | VL_FMT(F16) | VL_FMT(F32))

vela_status vl_box_plan_make(vela_format format, int32_t width, int32_t height,
                             const vela_box_filter_params *params, vl_box_plan *plan);

/* The division of an 8-bit box sum. */
static inline uint8_t vl_box8_divide(const vl_box8_plan *p, uint32_t sum)
{
    if (p->s.kw * p->s.kh > 256) return (uint8_t)vl_filter_round((float)sum * p->inv_area, 0.0f, 255.0f);
    uint32_t q = (uint32_t)(((uint64_t)(sum + p->div_delta) * p->div_scale) >> VL_BOX_SHIFT);
    return (uint8_t)(q > 255 ? 255 : q);
}

/* Rows [y0, y1) on the CPU; the whole image on CUDA. */
vela_status vl_box8_ref(const vl_box8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                        int32_t y0, int32_t y1);
vela_status vl_box8_neon(const vl_box8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                         int32_t y0, int32_t y1);
vela_status vl_box8_cuda(const vl_box8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                         void *gpu_stream);

#endif
