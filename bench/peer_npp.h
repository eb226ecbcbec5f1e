/* NPP as a peer: the same operations on the same device buffers, enqueued with the *_Ctx
 * functions on the vela stream's cudaStream_t. Compiled only when vela is built with CUDA and the
 * toolkit has NPP (BENCH_HAVE_NPP). Each operation returns 0, BENCH_UNSUPPORTED (no exact
 * equivalent), or -1 after bench_fail. */
#ifndef VELA_BENCH_PEER_NPP_H
#define VELA_BENCH_PEER_NPP_H

#include "bench.h"

/* "13.0.1". */
const char *peer_npp_version(void);

/* Colour conversions (BT.601 limited range, as vela's default), channel swaps, gray, and bit
 * depths through nppiScale (which maps the type's range: U16->U8 divides by 257, not 256, the
 * same work as vela's scale 1/256). */
int peer_npp_convert_format(const vela_image_data *src, const vela_image_data *dst,
                            const vela_convert_format_params *params, void *cuda_stream);

/* nppiResize_8u_C1R_Ctx / _C4R_Ctx (NPP's resize with source and destination ROIs): U8 and
 * RGBA8/BGRA8 only; AREA is NPPI_INTER_SUPER, which NPP offers for shrinking only. NPP's
 * arithmetic is its own: the same work, not the same pixels. */
int peer_npp_rescale(const vela_image_data *src, const vela_image_data *dst, const vela_rescale_params *params,
                     void *cuda_stream);

/* The filters with REPLICATE borders: nppiFilterBoxBorder, nppiFilterGaussBorder (NPP's own 3x3
 * to 15x15 Gaussian masks), nppiFilterBorder and nppiFilterRowBorder + nppiFilterColumnBorder
 * through a device scratch image (NPP applies its kernels as convolution, flipped; the work is the
 * same). U8, RGB8, RGBA8 and F32 where NPP has them. */
int peer_npp_box_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh, void *cuda_stream);
int peer_npp_gaussian_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh, void *cuda_stream);
int peer_npp_convolution(const vela_image_data *src, const vela_image_data *dst, const float *kernel, int kw, int kh,
                         void *cuda_stream);
int peer_npp_separable_convolution(const vela_image_data *src, const vela_image_data *dst, const float *kx, int nx,
                                   const float *ky, int ny, void *cuda_stream);

/* nppiWarpPerspective_8u_C1R_Ctx / _C4R_Ctx with `matrix` (row-major, source -> destination, as
 * NPP takes it): U8 and RGBA8/BGRA8. */
int peer_npp_warp_perspective(const vela_image_data *src, const vela_image_data *dst, const double matrix[9],
                              vela_interp interp, void *cuda_stream);

/* nppiRemap_8u_C1R_Ctx / _C4R_Ctx with the float map `map` (host x, y pairs, rows `pitch` bytes
 * apart), uploaded once per map as NPP's two device planes of floats. */
int peer_npp_remap(const vela_image_data *src, const vela_image_data *dst, const float *map, int32_t pitch,
                   vela_interp interp, void *cuda_stream);

#endif
