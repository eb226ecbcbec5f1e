/* Linear filters: box, Gaussian, 2D convolution and separable convolution.
 *
 * Every filter keeps the format (dst has src's format and size) and reads pixels outside the
 * image through the border mode: CONSTANT (with `border_value`), REPLICATE, REFLECT or
 * REFLECT_101. TRANSPARENT is for warps and is rejected. The anchor is the kernel's centre,
 * (kernel_width / 2, kernel_height / 2), as OpenCV's default; kernels are applied as correlation
 * (not flipped), as cv::filter2D does. In-place filtering (src == dst) is rejected: an output row
 * depends on input rows that other rows' work would already have overwritten.
 *
 * Formats, and the arithmetic each uses (the CPU reference, NEON and CUDA agree bit for bit):
 *
 *   box        U8, RGB8, BGR8, RGBA8, BGRA8: exact integer sums, divided as OpenCV 4.6 divides
 *              (bit-exact with cv::blur); S16, F16, F32: the separable convolution below with the
 *              weights 1 and 1 / (width * height)
 *   Gaussian   U8, RGB8, BGR8, RGBA8, BGRA8: OpenCV 4.6's 8-bit fixed point (weights with 8
 *              fractional bits summing to 256, exact integer sums, one rounding: bit-exact with
 *              cv::GaussianBlur); S16, F16, F32: the separable convolution with OpenCV's kernel
 *   separable  U8, S16, F16, F32: float arithmetic, the row pass then the column pass, each sum
 *              taken tap by tap with every product and sum rounded to float
 *   2D         U8, S16, F16, F32: float arithmetic, taps in row-major order, as above
 *
 * Float results are stored rounded half to even and saturated for U8 and S16, rounded to nearest
 * even for F16. Colour formats are filtered channel by channel (alpha included). The border value
 * is converted to the format first (rounded and saturated for U8 and S16) and applies to every
 * channel. */
#ifndef VELA_FILTER_H
#define VELA_FILTER_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

/* Largest kernel side of the box, Gaussian and separable filters, and of the 2D convolution. */
#define VELA_FILTER_MAX_KERNEL 31
#define VELA_CONVOLUTION_MAX_KERNEL 15

typedef struct vela_box_filter_params {
    int32_t kernel_width, kernel_height;  /* 1..31 each, even sizes too; default 5 x 5 */
    vela_border border;                   /* default REFLECT_101 */
    float border_value;                   /* CONSTANT only; default 0 */
} vela_box_filter_params;

VELA_API void vela_box_filter_params_default(vela_box_filter_params *params);

/* dst = the mean of each kernel_width x kernel_height neighbourhood of src (cv::blur). */
VELA_API vela_status vela_submit_box_filter(vela_stream *stream, vela_backend backend, vela_image *src,
                                            vela_image *dst, const vela_box_filter_params *params);

/* OpenCV's rules (cv::GaussianBlur): a size of 0 is taken from the sigma, round(sigma * 3 * 2 + 1)
 * | 1 for 8-bit formats and round(sigma * 4 * 2 + 1) | 1 for the others; a sigma <= 0 is taken
 * from the size, 0.3 * ((size - 1) / 2 - 1) + 0.8 (with OpenCV's exact binomial kernels for sizes
 * 3, 5, 7 and 9); sigma_y <= 0 means sigma_x. */
typedef struct vela_gaussian_filter_params {
    int32_t kernel_width, kernel_height;  /* odd, 1..31, or 0 (from the sigma); default 5 x 5 */
    double sigma_x, sigma_y;              /* default 0: from the sizes */
    vela_border border;                   /* default REFLECT_101 */
    float border_value;                   /* CONSTANT only; default 0 */
} vela_gaussian_filter_params;

VELA_API void vela_gaussian_filter_params_default(vela_gaussian_filter_params *params);

VELA_API vela_status vela_submit_gaussian_filter(vela_stream *stream, vela_backend backend, vela_image *src,
                                                 vela_image *dst, const vela_gaussian_filter_params *params);

/* The border of the convolutions. */
typedef struct vela_convolution_params {
    vela_border border;  /* default REFLECT_101 */
    float border_value;  /* CONSTANT only; default 0 */
} vela_convolution_params;

VELA_API void vela_convolution_params_default(vela_convolution_params *params);

/* dst(x, y) = sum over j < kernel_height, i < kernel_width of
 *             kernel[j * kernel_width + i] * src(x + i - kernel_width / 2, y + j - kernel_height / 2)
 * (cv::filter2D). Sizes 1..15; the kernel is copied at submission and must be finite. */
VELA_API vela_status vela_submit_convolution(vela_stream *stream, vela_backend backend, vela_image *src,
                                             vela_image *dst, const float *kernel, int32_t kernel_width,
                                             int32_t kernel_height, const vela_convolution_params *params);

/* The row kernel (size_x taps across) then the column kernel (size_y taps down), each 1..31
 * (cv::sepFilter2D). The kernels are copied at submission and must be finite. */
VELA_API vela_status vela_submit_separable_convolution(vela_stream *stream, vela_backend backend,
                                                       vela_image *src, vela_image *dst,
                                                       const float *kernel_x, int32_t size_x,
                                                       const float *kernel_y, int32_t size_y,
                                                       const vela_convolution_params *params);

VELA_END_DECLS

#endif
