#include "common/format.h"

#include "common/status.h"

#include <stddef.h>

#define P1(eb) { { 0, 0, eb } }
#define NUMERIC(n, ch, d, eb) { n, 1, ch, d, false, P1(eb) }

static const vl_format_info formats[VELA_FORMAT_COUNT] = {
    [VELA_FORMAT_U8] = NUMERIC("U8", 1, VL_DEPTH_U8, 1),
    [VELA_FORMAT_S8] = NUMERIC("S8", 1, VL_DEPTH_S8, 1),
    [VELA_FORMAT_U16] = NUMERIC("U16", 1, VL_DEPTH_U16, 2),
    [VELA_FORMAT_S16] = NUMERIC("S16", 1, VL_DEPTH_S16, 2),
    [VELA_FORMAT_U32] = NUMERIC("U32", 1, VL_DEPTH_U32, 4),
    [VELA_FORMAT_S32] = NUMERIC("S32", 1, VL_DEPTH_S32, 4),
    [VELA_FORMAT_F16] = NUMERIC("F16", 1, VL_DEPTH_F16, 2),
    [VELA_FORMAT_F32] = NUMERIC("F32", 1, VL_DEPTH_F32, 4),
    [VELA_FORMAT_2S16] = NUMERIC("2S16", 2, VL_DEPTH_S16, 4),
    [VELA_FORMAT_2F32] = NUMERIC("2F32", 2, VL_DEPTH_F32, 8),
    [VELA_FORMAT_RGB8] = NUMERIC("RGB8", 3, VL_DEPTH_U8, 3),
    [VELA_FORMAT_BGR8] = NUMERIC("BGR8", 3, VL_DEPTH_U8, 3),
    [VELA_FORMAT_RGBA8] = NUMERIC("RGBA8", 4, VL_DEPTH_U8, 4),
    [VELA_FORMAT_BGRA8] = NUMERIC("BGRA8", 4, VL_DEPTH_U8, 4),
    [VELA_FORMAT_NV12] = { "NV12", 2, 1, VL_DEPTH_U8, true, { { 0, 0, 1 }, { 1, 1, 2 } } },
    [VELA_FORMAT_NV12_ER] = { "NV12_ER", 2, 1, VL_DEPTH_U8, true, { { 0, 0, 1 }, { 1, 1, 2 } } },
    [VELA_FORMAT_I420] = { "I420", 3, 1, VL_DEPTH_U8, true,
                           { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 1, 1 } } },
    [VELA_FORMAT_YUYV] = { "YUYV", 1, 1, VL_DEPTH_U8, true, { { 1, 0, 4 } } },
    [VELA_FORMAT_UYVY] = { "UYVY", 1, 1, VL_DEPTH_U8, true, { { 1, 0, 4 } } },
};

int vl_depth_bytes(vl_depth depth)
{
    switch (depth) {
    case VL_DEPTH_U16: case VL_DEPTH_S16: case VL_DEPTH_F16: return 2;
    case VL_DEPTH_U32: case VL_DEPTH_S32: case VL_DEPTH_F32: return 4;
    default: return 1;
    }
}

const vl_format_info *vl_format_info_of(vela_format format)
{
    if ((int)format <= VELA_FORMAT_INVALID || (int)format >= VELA_FORMAT_COUNT) return NULL;
    return &formats[format];
}

void vl_plane_extent(const vl_format_info *info, int32_t width, int32_t height, int plane,
                     int32_t *elems, int32_t *rows, int32_t *row_bytes)
{
    const vl_plane_layout *p = &info->plane[plane];
    int32_t e = (int32_t)(((int64_t)width + (1 << p->x_shift) - 1) >> p->x_shift);
    if (elems) *elems = e;
    if (rows) *rows = (int32_t)(((int64_t)height + (1 << p->y_shift) - 1) >> p->y_shift);
    if (row_bytes) *row_bytes = e * p->elem_bytes;
}

double vl_format_bytes(vela_format format, int32_t width, int32_t height)
{
    const vl_format_info *info = vl_format_info_of(format);
    double total = 0;
    for (int p = 0; info && p < info->num_planes; p++) {
        int32_t rows, row_bytes;
        vl_plane_extent(info, width, height, p, NULL, &rows, &row_bytes);
        total += (double)rows * row_bytes;
    }
    return total;
}

const char *vela_format_name(vela_format format)
{
    const vl_format_info *info = vl_format_info_of(format);
    return info ? info->name : "INVALID";
}

int32_t vela_format_num_planes(vela_format format)
{
    const vl_format_info *info = vl_format_info_of(format);
    return info ? info->num_planes : 0;
}

vela_status vela_format_plane_extent(vela_format format, int32_t width, int32_t height,
                                     int32_t plane, int32_t *plane_width, int32_t *plane_height,
                                     int32_t *row_bytes)
{
    const vl_format_info *info = vl_format_info_of(format);
    if (!info) return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "format %d is not a vela_format", (int)format);
    if (width <= 0 || height <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "size %dx%d must be positive", width, height);
    if (plane < 0 || plane >= info->num_planes)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "plane %d is out of range: %s has %d plane(s)",
                       plane, info->name, info->num_planes);
    if ((int64_t)width * info->plane[0].elem_bytes > INT32_MAX / 2)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "width %d is too large for %s", width, info->name);
    vl_plane_extent(info, width, height, plane, plane_width, plane_height, row_bytes);
    return VELA_OK;
}
