/* Internal: what the linear filters (box, Gaussian, 2D and separable convolution) share: the
 * geometry of a filtering, the border, and the checks of a submission's images and border. */
#ifndef VL_FILTER_H
#define VL_FILTER_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <vela/filter.h>

#include "common/border.h"
#include "common/format.h"
#include "common/half.h"
#include "common/image.h"
#include "common/status.h"

/* Everything but the weights: plans embed it, so it is plain data that travels in task arguments
 * and kernel launches. */
typedef struct vl_filter_shape {
    vela_format format;
    vl_depth depth;          /* of a channel: U8, S16, F16 or F32 */
    int32_t width, height;   /* pixels */
    int32_t channels;        /* interleaved: 1, 3 or 4 */
    int32_t kw, kh;          /* kernel size; the anchor is (kw / 2, kh / 2) */
    vela_border border;      /* never TRANSPARENT */
    float value;             /* CONSTANT: the border value as the format stores it */
} vl_filter_shape;

/* Formats a filter may take, as a mask of 1 << vela_format. */
#define VL_FMT(f) (1u << VELA_FORMAT_##f)
#define VL_FILTER_COLOUR8 (VL_FMT(U8) | VL_FMT(RGB8) | VL_FMT(BGR8) | VL_FMT(RGBA8) | VL_FMT(BGRA8))

/* Rounding half to even with saturation; NaN becomes 0 (the float paths' stores). */
static inline int32_t vl_filter_round(float v, float lo, float hi)
{
    if (isnan(v)) return 0;
    return (int32_t)rintf(v < lo ? lo : v > hi ? hi : v);
}

/* The border value as `depth` stores it, back in float. */
static inline float vl_filter_value_as(vl_depth depth, float v)
{
    switch (depth) {
    case VL_DEPTH_U8: return (float)vl_filter_round(v, 0.0f, 255.0f);
    case VL_DEPTH_S16: return (float)vl_filter_round(v, -32768.0f, 32767.0f);
    case VL_DEPTH_F16: return vl_f16_to_f32(vl_f32_to_f16(v));
    default: return v;
    }
}

static inline const char *vl_border_name(vela_border b)
{
    switch (b) {
    case VELA_BORDER_CONSTANT: return "CONSTANT";
    case VELA_BORDER_REPLICATE: return "REPLICATE";
    case VELA_BORDER_REFLECT: return "REFLECT";
    case VELA_BORDER_REFLECT_101: return "REFLECT_101";
    case VELA_BORDER_TRANSPARENT: return "TRANSPARENT";
    default: return "?";
    }
}

/* Checks a filter submission's stream and images: not NULL, not the same image (in-place), the
 * same size and format. `what` names the filter in messages. */
static inline vela_status vl_filter_check_images(vela_stream *stream, vela_image *src, vela_image *dst,
                                                 const char *what)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "src and dst are the same image: in-place filtering is not supported by the %s", what);
    int32_t w = vl_image_width(src), h = vl_image_height(src);
    if (vl_image_width(dst) != w || vl_image_height(dst) != h)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is %dx%d but src is %dx%d: sizes must match",
                       vl_image_width(dst), vl_image_height(dst), w, h);
    if (vl_image_format(dst) != vl_image_format(src))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "dst format %s differs from src format %s: the %s keeps the format",
                       vela_format_name(vl_image_format(dst)), vela_format_name(vl_image_format(src)), what);
    return VELA_OK;
}

/* Fills the shape of filtering a width x height image of `format` (kernel size 1 x 1), or fails
 * naming the argument: a format outside `formats` (said in words by `format_list`), a border that
 * is not one of the four, a border value that is not finite. */
static inline vela_status vl_filter_shape_make(vela_format format, int32_t width, int32_t height,
                                               const char *what, uint32_t formats, const char *format_list,
                                               vela_border border, float value, vl_filter_shape *s)
{
    if (format <= VELA_FORMAT_INVALID || format >= VELA_FORMAT_COUNT || !(formats & (1u << format)))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "src format %s is not taken by the %s (%s)",
                       vela_format_name(format), what, format_list);
    if (border == VELA_BORDER_TRANSPARENT)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "params->border TRANSPARENT is for warps; the %s takes CONSTANT, REPLICATE, REFLECT or REFLECT_101", what);
    if ((unsigned)border > VELA_BORDER_REFLECT_101)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->border %d is not a vela_border", (int)border);
    if (!isfinite(value))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->border_value %g must be finite", (double)value);
    const vl_format_info *info = vl_format_info_of(format);
    s->format = format;
    s->depth = info->depth;
    s->width = width;
    s->height = height;
    s->channels = info->channels;
    s->kw = s->kh = 1;
    s->border = border;
    s->value = vl_filter_value_as(info->depth, value);
    return VELA_OK;
}

/* Checks a kernel side: 1..max. `name` is the argument ("params->kernel_width"). */
static inline vela_status vl_filter_check_size(int32_t n, int32_t max, const char *name)
{
    if (n < 1 || n > max) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s %d must be 1..%d", name, n, max);
    return VELA_OK;
}

/* Checks that each of the `n` weights is finite; `name` is the argument ("kernel_x"). */
static inline vela_status vl_filter_check_weights(const float *k, int32_t n, const char *name)
{
    for (int32_t i = 0; i < n; i++)
        if (!isfinite(k[i])) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s[%d] is %g: weights must be finite", name, i, (double)k[i]);
    return VELA_OK;
}

/* Where row or column i of an n-long side is read from; -1: the border value. */
static inline int32_t vl_filter_index(const vl_filter_shape *s, int32_t i, int32_t n)
{
    return vl_border_index(s->border, i, n);
}

#endif
