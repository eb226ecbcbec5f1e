/* Internal: the Gaussian filter.
 *
 * The kernel is OpenCV 4.6's (getGaussianKernelBitExact, in double here). On 8-bit channels
 * (U8, RGB8, BGR8, RGBA8, BGRA8) it is quantised to 8 fractional bits by OpenCV's error diffusion
 * (the weights sum to exactly 256) and applied in exact integers with one rounding at the end,
 * which makes the result bit-exact with cv::GaussianBlur:
 *
 *   h_j = sum_i kx[i] e(x - ax + i, y_j)         (<= 255 * 256: 16 bits)
 *   out = (sum_j ky[j] h_j + 2^15) >> 16          (<= 255)
 *
 * S16, F16 and F32 go through the separable convolution with the float kernel. */
#ifndef VL_GAUSSIAN_FILTER_H
#define VL_GAUSSIAN_FILTER_H

#include <stdbool.h>
#include <vela/filter.h>

#include "common/convolution.h"
#include "common/filter.h"

typedef struct vl_gauss8_plan {
    vl_filter_shape s;
    uint16_t kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];  /* each sums to 256 */
} vl_gauss8_plan;

typedef struct vl_gaussian_plan {
    bool integer;  /* 8-bit channels: q8; otherwise f */
    vl_gauss8_plan q8;
    vl_sepconv_plan f;
} vl_gaussian_plan;

#define VL_GAUSSIAN_FORMATS (VL_FILTER_COLOUR8 | VL_FMT(S16) | VL_FMT(F16) | VL_FMT(F32))

/* OpenCV's kernel of n taps for `sigma` (<= 0: from n), summing to 1. */
void vl_gaussian_kernel(int32_t n, double sigma, double *kernel);
/* The same quantised to 8 fractional bits by error diffusion, summing to 256 (n odd). */
void vl_gaussian_kernel_q8(const double *kernel, int32_t n, uint16_t *q8);

vela_status vl_gaussian_plan_make(vela_format format, int32_t width, int32_t height,
                                  const vela_gaussian_filter_params *params, vl_gaussian_plan *plan);

/* Rows [y0, y1) on the CPU; the whole image on CUDA. */
vela_status vl_gauss8_ref(const vl_gauss8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                          int32_t y0, int32_t y1);
vela_status vl_gauss8_neon(const vl_gauss8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                           int32_t y0, int32_t y1);
vela_status vl_gauss8_cuda(const vl_gauss8_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                           void *gpu_stream);

#endif
