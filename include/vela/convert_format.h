/* Format conversion: camera YUV to colour and gray, colour orders, gray, and bit depths.
 *
 *   YUYV, UYVY, NV12, NV12_ER, I420 -> RGB8, BGR8, RGBA8, BGRA8 (alpha 255), U8 (the luma)
 *   RGB8, BGR8, RGBA8, BGRA8        -> each other, U8 (luma with the matrix's weights)
 *   U8                              -> RGB8, BGR8, RGBA8, BGRA8 (gray replicated)
 *   U8, S16, U16, F16, F32          -> each other: dst = saturate(round(src * scale + offset))
 *
 * YUV -> RGB replicates chroma (no interpolation), as cv::cvtColor does; BT.601 limited range is
 * bit-exact with OpenCV. Rounding to integers is half-to-even; NaN becomes 0. */
#ifndef VELA_CONVERT_FORMAT_H
#define VELA_CONVERT_FORMAT_H

#include <vela/backend.h>
#include <vela/export.h>
#include <vela/image.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

typedef enum vela_color_matrix {
    VELA_COLOR_BT601 = 0,
    VELA_COLOR_BT709 = 1
} vela_color_matrix;

typedef enum vela_color_range {
    VELA_RANGE_AUTO = 0,     /* from the format: NV12_ER is full range, other YUV formats limited */
    VELA_RANGE_LIMITED = 1,  /* Y in [16, 235], chroma in [16, 240] */
    VELA_RANGE_FULL = 2
} vela_color_range;

typedef struct vela_convert_format_params {
    vela_color_matrix matrix;  /* YUV -> RGB, and RGB -> gray weights */
    vela_color_range range;    /* YUV input only */
    float scale, offset;       /* bit-depth conversions only; 1 and 0 otherwise */
} vela_convert_format_params;

VELA_API void vela_convert_format_params_default(vela_convert_format_params *params);

/* Converts all of `src` into `dst` (same width and height). `params` may be NULL (defaults).
 * In-place (src == dst) is rejected. */
VELA_API vela_status vela_submit_convert_format(vela_stream *stream, vela_backend backend,
                                                vela_image *src, vela_image *dst,
                                                const vela_convert_format_params *params);

VELA_END_DECLS

#endif
