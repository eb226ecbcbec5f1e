/* Internal: 2D and separable convolution with float weights on U8, S16, F16 and F32 images.
 *
 * The separable plan also serves the box and Gaussian filters on S16, F16 and F32. Every backend
 * computes in float with the same operations in the same order, so they agree bit for bit:
 *
 *   separable  h_j = kx[0] e(x - ax, y_j); h_j = h_j + kx[i] e(x - ax + i, y_j) for i = 1..kw-1
 *              v   = ky[0] h_0;            v   = v + ky[j] h_j                 for j = 1..kh-1
 *   2D         v   = k[0] e(x - ax, y - ay); v = v + k[t] e(x - ax + t % kw, y - ay + t / kw)
 *
 * where e() is the source element as float (the border applied), y_j = y - ay + j, each product
 * and each sum rounded to float (no FMA), then v stored as the format stores floats. */
#ifndef VL_CONVOLUTION_H
#define VL_CONVOLUTION_H

#include <vela/filter.h>

#include "common/cost.h"
#include "common/filter.h"
#include "common/stream.h"

typedef struct vl_sepconv_plan {
    vl_filter_shape s;  /* channels 1 */
    float kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
} vl_sepconv_plan;

typedef struct vl_conv2d_plan {
    vl_filter_shape s;  /* channels 1 */
    float k[VELA_CONVOLUTION_MAX_KERNEL * VELA_CONVOLUTION_MAX_KERNEL];  /* row-major, kw x kh */
} vl_conv2d_plan;

#define VL_CONVOLUTION_FORMATS (VL_FMT(U8) | VL_FMT(S16) | VL_FMT(F16) | VL_FMT(F32))

/* Plans for a width x height image of `format`, or a failure naming the argument. Shared with the
 * tests, which call the kernels directly. */
vela_status vl_sepconv_plan_make(vela_format format, int32_t width, int32_t height, const float *kx,
                                 int32_t size_x, const float *ky, int32_t size_y,
                                 const vela_convolution_params *params, vl_sepconv_plan *plan);
vela_status vl_conv2d_plan_make(vela_format format, int32_t width, int32_t height, const float *kernel,
                                int32_t kernel_width, int32_t kernel_height,
                                const vela_convolution_params *params, vl_conv2d_plan *plan);

/* Rows [y0, y1) on the CPU (NEON declines with VELA_ERROR_NOT_IMPLEMENTED, asked on an empty
 * band); the whole image on CUDA, on `gpu_stream`. */
vela_status vl_sepconv_ref(const vl_sepconv_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1);
vela_status vl_sepconv_neon(const vl_sepconv_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                            int32_t y0, int32_t y1);
vela_status vl_sepconv_cuda(const vl_sepconv_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                            void *gpu_stream);
vela_status vl_conv2d_ref(const vl_conv2d_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                          int32_t y0, int32_t y1);
vela_status vl_conv2d_neon(const vl_conv2d_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1);
vela_status vl_conv2d_cuda(const vl_conv2d_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                           void *gpu_stream);

/* A separable plan run as a task (ctx->data[0] is src, [1] dst), on the task's backend: the
 * float paths of box and Gaussian submit through it. */
vela_status vl_sepconv_run(const vl_task_ctx *ctx, const vl_sepconv_plan *plan);
vl_cost vl_sepconv_cost(const vl_sepconv_plan *plan, const char *algorithm);

/* The element the float paths read: source element x of `row` (NULL: the border value). */
float vl_conv_load(const vl_filter_shape *s, const void *row, int32_t x);
/* Stores v as the format stores floats: U8 and S16 rounded half to even and saturated (NaN: 0),
 * F16 rounded to nearest even. */
void vl_conv_store(const vl_filter_shape *s, void *row, int32_t x, float v);

#endif
