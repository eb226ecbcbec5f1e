/* Internal: residency of an image's two copies, as submissions and locks move it. */
#ifndef VL_IMAGE_H
#define VL_IMAGE_H

#include <stdbool.h>
#include <vela/image.h>

#include "common/format.h"
#include "common/stream.h"
#include "common/timeline.h"

/* May `image` be used on `backend` now (allowed at creation, not locked; backend 0: on any)?
 * `name` is for messages. */
vela_status vl_image_check_usable(const vela_image *image, const char *name, vela_backend backend);

/* Allocates the backend's copy if it does not exist yet. */
vela_status vl_image_prepare(vela_image *image, vela_backend backend);

/* Records, at submit time, an access on `backend`'s side and returns whether a copy from the
 * other side must run first. Writing makes the other side stale. */
bool vl_image_stage(vela_image *image, vela_backend backend, vl_access access);

/* Remembers the last task that touches the image, for locks and destroy to wait on. */
void vl_image_set_last(vela_image *image, vl_timeline *timeline, uint64_t seq);

/* The image's pixels on `backend`'s side. */
void vl_image_side_data(const vela_image *image, vela_backend backend, vela_image_data *data);

/* Copies every plane from the other side to `to`, on `gpu_stream` (NULL: synchronously). */
vela_status vl_image_copy(const vela_image *image, vela_backend to, void *gpu_stream);

/* Which side the caller's memory is wrapped on, 0 for an image vela allocated. Exported for the
 * OpenCV bridge, which must not point a CUDA wrapper at a Mat's host memory. */
VELA_API vela_buffer vl_image_wrapped(const vela_image *image);
/* The backends the image was created for. */
uint32_t vl_image_backends(const vela_image *image);
const vl_format_info *vl_image_info(const vela_image *image);
int32_t vl_image_width(const vela_image *image);
int32_t vl_image_height(const vela_image *image);
vela_format vl_image_format(const vela_image *image);
/* Is the copy on `backend`'s side current as of the last submission? */
bool vl_image_current_on(const vela_image *image, vela_backend backend);

#endif
