/* Internal: a format conversion resolved into a plan that every backend executes the same way. */
#ifndef VL_CONVERT_FORMAT_H
#define VL_CONVERT_FORMAT_H

#include <stdint.h>
#include <vela/image.h>
#include <vela/convert_format.h>

#include "common/format.h"

typedef enum vl_convert_kind {
    VL_CONVERT_YUV_TO_RGB,   /* NV12/NV12_ER/I420/YUYV/UYVY -> RGB8/BGR8/RGBA8/BGRA8 */
    VL_CONVERT_YUV_TO_GRAY,  /* the same -> U8: the luma, copied */
    VL_CONVERT_RGB_TO_RGB,   /* among RGB8/BGR8/RGBA8/BGRA8: reorder, add alpha 255 or drop it */
    VL_CONVERT_RGB_TO_GRAY,  /* -> U8: (wr R + wg G + wb B + 2^14) >> 15 */
    VL_CONVERT_GRAY_TO_RGB,  /* U8 -> RGB8/BGR8/RGBA8/BGRA8 */
    VL_CONVERT_DEPTH         /* among U8/S16/U16/F16/F32: saturate(round(src * scale + offset)) */
} vl_convert_kind;

/* YUV -> RGB in Q20 fixed point, OpenCV's form:
 *   y = max(0, Y - y_offset) * y_mul;  u = U - 128;  v = V - 128
 *   R = (y + r_v v + 2^19) >> 20;  G = (y + g_u u + g_v v + 2^19) >> 20;  B = (y + b_u u + 2^19) >> 20
 * each saturated to [0, 255]. g_u and g_v are negative. */
typedef struct vl_yuv_coeffs {
    int32_t y_offset, y_mul, r_v, g_u, g_v, b_u;
} vl_yuv_coeffs;

#define VL_YUV_SHIFT 20
#define VL_GRAY_SHIFT 15

typedef struct vl_convert_plan {
    vl_convert_kind kind;
    vela_format src_format, dst_format;
    int32_t width, height;
    /* RGB side: bytes per pixel (3 or 4) and the index of red in the pixel (0 or 2). */
    uint8_t src_channels, dst_channels, src_red, dst_red;
    vl_yuv_coeffs yuv;
    int32_t gray_r, gray_g, gray_b;  /* Q15, summing to 2^15 */
    vl_depth src_depth, dst_depth;
    float scale, offset;
} vl_convert_plan;

/* Where luma row `row` of a YUV source finds its samples: pixel x has Y at y[x * y_step] and its
 * chroma at u[(x / 2) * c_step], v[(x / 2) * c_step]. */
typedef struct vl_yuv_row {
    const uint8_t *y, *u, *v;
    int32_t y_step, c_step;
} vl_yuv_row;

static inline vl_yuv_row vl_yuv_row_at(const vela_image_data *src, int32_t row)
{
    const uint8_t *p0 = (const uint8_t *)src->planes[0].data + (int64_t)row * src->planes[0].pitch;
    const uint8_t *p1 = (const uint8_t *)src->planes[1].data + (int64_t)(row / 2) * src->planes[1].pitch;
    vl_yuv_row r;
    switch (src->format) {
    case VELA_FORMAT_I420: {
        const uint8_t *p2 = (const uint8_t *)src->planes[2].data + (int64_t)(row / 2) * src->planes[2].pitch;
        r = (vl_yuv_row){ p0, p1, p2, 1, 1 };
        break;
    }
    case VELA_FORMAT_YUYV: r = (vl_yuv_row){ p0, p0 + 1, p0 + 3, 2, 4 }; break;
    case VELA_FORMAT_UYVY: r = (vl_yuv_row){ p0 + 1, p0, p0 + 2, 2, 4 }; break;
    default: r = (vl_yuv_row){ p0, p1, p1 + 1, 1, 2 }; break;  /* NV12, NV12_ER */
    }
    return r;
}

/* The reference's row kernels, for pixels [x0, x1) of one row: SIMD kernels finish their rows'
 * tails with them. Rows are passed as their first byte. */
void vl_yuv_to_rgb_row_ref(const vl_convert_plan *plan, const vl_yuv_row *src, uint8_t *dst,
                           int32_t x0, int32_t x1);
void vl_yuv_to_gray_row_ref(const vl_yuv_row *src, uint8_t *dst, int32_t x0, int32_t x1);
void vl_rgb_to_rgb_row_ref(const vl_convert_plan *plan, const uint8_t *src, uint8_t *dst,
                           int32_t x0, int32_t x1);
void vl_rgb_to_gray_row_ref(const vl_convert_plan *plan, const uint8_t *src, uint8_t *dst,
                            int32_t x0, int32_t x1);
void vl_gray_to_rgb_row_ref(const vl_convert_plan *plan, const uint8_t *src, uint8_t *dst,
                            int32_t x0, int32_t x1);
void vl_depth_row_ref(const vl_convert_plan *plan, const void *src, void *dst, int32_t x0, int32_t x1);

/* Row granularity of bands: 2 for 4:2:0 sources, so a band never splits a chroma row. */
int32_t vl_convert_row_align(const vl_convert_plan *plan);

/* Each backend converts rows [y0, y1) of the image (CUDA: the whole image, on `gpu_stream`).
 * NEON may decline with VELA_ERROR_NOT_IMPLEMENTED, and the reference then runs. */
vela_status vl_convert_format_ref(const vl_convert_plan *plan, const vela_image_data *src,
                                  const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_convert_format_neon(const vl_convert_plan *plan, const vela_image_data *src,
                                   const vela_image_data *dst, int32_t y0, int32_t y1);
vela_status vl_convert_format_cuda(const vl_convert_plan *plan, const vela_image_data *src,
                                   const vela_image_data *dst, void *gpu_stream);

/* Builds the plan for converting a width x height `src_format` image into `dst_format`, or fails
 * naming what is wrong. Shared with tests, which call the kernels directly. */
vela_status vl_convert_plan_make(vela_format src_format, vela_format dst_format, int32_t width,
                                 int32_t height, const vela_convert_format_params *params,
                                 vl_convert_plan *plan);

#endif
