/* OpenCV 4 as a peer: the same operations on the same host buffers, wrapped as cv::Mat without
 * copying. A C API over C++; compiled only when vela is built with OpenCV (BENCH_HAVE_OPENCV).
 * Each operation returns 0, BENCH_UNSUPPORTED (no exact equivalent for these formats, parameters
 * or layout), or -1 after bench_fail. */
#ifndef VELA_BENCH_PEER_OPENCV_H
#define VELA_BENCH_PEER_OPENCV_H

#include "bench.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CV_VERSION, e.g. "4.6.0". */
const char *peer_opencv_version(void);
/* cv::setNumThreads(threads); gives back cv::getNumThreads(). */
int peer_opencv_set_threads(int threads);

/* cv::cvtColor / cv::cvtColorTwoPlane for colour (BT.601 limited range YUV and BT.601 gray only,
 * as OpenCV has no other), Mat::convertTo(dst, depth, scale, offset) for bit depths. */
int peer_opencv_convert_format(const vela_image_data *src, const vela_image_data *dst,
                               const vela_convert_format_params *params);

/* cv::resize(src, dst, dst's size, 0, 0, INTER_NEAREST/LINEAR/CUBIC/AREA). */
int peer_opencv_rescale(const vela_image_data *src, const vela_image_data *dst, const vela_rescale_params *params);

/* cv::pyrDown(src, dst, dst's size, border). */
int peer_opencv_pyr_down(const vela_image_data *src, const vela_image_data *dst,
                         const vela_pyr_down_params *params);

/* The filters with REPLICATE borders: cv::blur, cv::GaussianBlur (sigma from the size),
 * cv::filter2D and cv::sepFilter2D (anchor at the centre, into the source's depth). */
int peer_opencv_box_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh);
int peer_opencv_gaussian_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh);
int peer_opencv_convolution(const vela_image_data *src, const vela_image_data *dst, const float *kernel, int kw, int kh);
int peer_opencv_separable_convolution(const vela_image_data *src, const vela_image_data *dst, const float *kx, int nx,
                                      const float *ky, int ny);

/* cv::warpPerspective with `matrix` (row-major, source -> destination), BORDER_CONSTANT 0. U8,
 * RGBA8 and the other formats OpenCV has; NV12 has no equivalent. */
int peer_opencv_warp_perspective(const vela_image_data *src, const vela_image_data *dst, const double matrix[9],
                                 vela_interp interp);

/* cv::remap with the float map `map` (x, y pairs, rows `pitch` bytes apart), converted once per
 * map to OpenCV's fixed-point maps (cv::convertMaps: its own precomputed form, as vela's payload
 * is), BORDER_CONSTANT 0. */
int peer_opencv_remap(const vela_image_data *src, const vela_image_data *dst, const float *map, int32_t pitch,
                      vela_interp interp);

#ifdef __cplusplus
}
#endif

#endif
