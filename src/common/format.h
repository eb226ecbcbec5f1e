/* Internal: the layout of every format, in one table. */
#ifndef VL_FORMAT_H
#define VL_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <vela/image.h>

/* How a plane's size follows from the image's: ceil(w / (1 << x_shift)) elements of elem_bytes
 * each, ceil(h / (1 << y_shift)) rows. A packed 4:2:2 element is one Y-U-Y-V group of 4 bytes. */
typedef struct vl_plane_layout {
    uint8_t x_shift, y_shift, elem_bytes;
} vl_plane_layout;

typedef enum vl_depth { VL_DEPTH_NONE, VL_DEPTH_U8, VL_DEPTH_S8, VL_DEPTH_U16, VL_DEPTH_S16,
                        VL_DEPTH_U32, VL_DEPTH_S32, VL_DEPTH_F16, VL_DEPTH_F32 } vl_depth;

typedef struct vl_format_info {
    const char *name;
    uint8_t num_planes;
    uint8_t channels;   /* of a pixel of plane 0 (3 for RGB8; 1 for YUV formats) */
    vl_depth depth;     /* per channel, for the numeric formats; VL_DEPTH_U8 for colour */
    bool yuv;
    vl_plane_layout plane[VELA_MAX_PLANES];
} vl_format_info;

/* Bytes of one channel value: 1, 2 or 4. Rows and planes must be aligned to it. */
int vl_depth_bytes(vl_depth depth);

/* NULL for VELA_FORMAT_INVALID and values out of range. */
const vl_format_info *vl_format_info_of(vela_format format);

/* Elements across, rows, bytes in a row of one plane. No checks: the caller validated. */
void vl_plane_extent(const vl_format_info *info, int32_t width, int32_t height, int plane,
                     int32_t *elems, int32_t *rows, int32_t *row_bytes);

/* Bytes of every plane of a width x height image, without padding: what reading it once moves. */
double vl_format_bytes(vela_format format, int32_t width, int32_t height);

#endif
