/* Remap: every destination pixel samples the source at the point a warp map gives it.
 *
 * A remap payload is made once from a warp map (vela_create_remap): the map is expanded to every
 * destination pixel and quantised to OpenCV's fixed point (1/32 pixel; 16-bit integer offsets and
 * fractions on the CPU, compact tables on the device), so a submission per frame only samples.
 * Release it with vela_payload_destroy, which waits for the submissions that use it.
 *
 * The destination has the map's size; the source may have any size up to 32767 x 32767. Formats,
 * interpolations and borders are the perspective warp's (vela/warp.h), NV12 included: its chroma
 * plane samples the map at the centre of each 2x2 luma block. Results equal cv::remap with the
 * same float map (U8 linear bit-exact; see docs/REFERENCE.md). */
#ifndef VELA_REMAP_H
#define VELA_REMAP_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/image.h>
#include <vela/payload.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>
#include <vela/warp_map.h>

VELA_BEGIN_DECLS

typedef struct vela_remap_params {
    double border_value[4];  /* CONSTANT border, per channel (NV12: Y, U, V); default 0 */
} vela_remap_params;

VELA_API void vela_remap_params_default(vela_remap_params *params);

/* `backends`: where the payload will be used (0 = every available backend): CPU tables, device
 * tables, or both. The map is read during the call only. */
VELA_API vela_status vela_create_remap(uint32_t backends, const vela_warp_map *map,
                                       vela_payload **payload);

/* Samples `src` into `dst` (the map's size). `params` may be NULL (defaults). */
VELA_API vela_status vela_submit_remap(vela_stream *stream, vela_backend backend,
                                       vela_payload *payload, vela_image *src, vela_image *dst,
                                       vela_interp interp, vela_border border,
                                       const vela_remap_params *params);

VELA_END_DECLS

#endif
