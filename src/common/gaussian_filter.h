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

/* The 16-bit form of a plan's weights: when 2^bx divides every kx and 2^by every ky with
 * bx + by >= 8 (OpenCV's binomial 3x3 and 5x5), kx / 2^bx and ky / 2^by make horizontal sums and
 * the whole vertical sum S fit 16 bits, and out = (S + 2^(shift - 1)) >> shift with
 * shift = 16 - bx - by. Returns that shift, or -1 (weights copied unchanged) otherwise. */
static inline int32_t vl_gauss8_split(const vl_gauss8_plan *p, uint16_t *kx, uint16_t *ky)
{
    int32_t b[2] = { 8, 8 };  /* the weights sum to 2^8 */
    const uint16_t *k[2] = { p->kx, p->ky };
    const int32_t n[2] = { p->s.kw, p->s.kh };
    for (int d = 0; d < 2; d++)
        for (int32_t i = 0; i < n[d]; i++)
            while (b[d] > 0 && (k[d][i] & ((1u << b[d]) - 1))) b[d]--;
    if (b[0] + b[1] < 8) b[0] = b[1] = 0;
    for (int32_t i = 0; i < p->s.kw; i++) kx[i] = (uint16_t)(p->kx[i] >> b[0]);
    for (int32_t i = 0; i < p->s.kh; i++) ky[i] = (uint16_t)(p->ky[i] >> b[1]);
    return b[0] + b[1] >= 8 ? 16 - b[0] - b[1] : -1;
}

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
