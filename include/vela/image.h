/* Images: formats, creation, wrapping of host and CUDA memory, locking for direct access.
 *
 * An image keeps up to two copies of its planes, one in host memory and one in CUDA device memory,
 * and knows which is current. Submissions move data lazily on their stream; a lock gives the
 * caller the pixels on the side it asks for, after the work pending on the image has finished. */
#ifndef VELA_IMAGE_H
#define VELA_IMAGE_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/status.h>

VELA_BEGIN_DECLS

typedef enum vela_format {
    VELA_FORMAT_INVALID = 0,
    /* one channel */
    VELA_FORMAT_U8, VELA_FORMAT_S8, VELA_FORMAT_U16, VELA_FORMAT_S16,
    VELA_FORMAT_U32, VELA_FORMAT_S32, VELA_FORMAT_F16, VELA_FORMAT_F32,
    /* two channels: coordinate maps, flow */
    VELA_FORMAT_2S16, VELA_FORMAT_2F32,
    /* packed colour, 8 bits per channel */
    VELA_FORMAT_RGB8, VELA_FORMAT_BGR8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8,
    /* YUV: 4:2:0 semi-planar limited range, the same full range, 4:2:0 planar, packed 4:2:2 */
    VELA_FORMAT_NV12, VELA_FORMAT_NV12_ER, VELA_FORMAT_I420, VELA_FORMAT_YUYV, VELA_FORMAT_UYVY,
    VELA_FORMAT_COUNT
} vela_format;

#define VELA_MAX_PLANES 3

typedef struct vela_image_plane {
    void *data;     /* first byte of row 0 */
    int32_t pitch;  /* bytes from one row to the next, >= the plane's row bytes; like `data`, a
                       multiple of the format's element size (2 for U16, 4 for F32, ...) */
} vela_image_plane;

/* The pixels of an image as the caller sees them (wrap, lock). Plane sizes follow the format:
 * chroma planes of 4:2:0 formats are ((w+1)/2, (h+1)/2); a packed 4:2:2 row holds (w+1)/2 pairs. */
typedef struct vela_image_data {
    vela_format format;
    int32_t width, height;
    int32_t num_planes;                      /* filled in by lock; ignored by wrap */
    vela_image_plane planes[VELA_MAX_PLANES];
} vela_image_data;

typedef struct vela_image vela_image;

/* Which copy a lock exposes. */
typedef enum vela_buffer {
    VELA_BUFFER_HOST = 1,
    VELA_BUFFER_CUDA = 2
} vela_buffer;

typedef enum vela_lock_mode {
    VELA_LOCK_READ = 1,
    VELA_LOCK_WRITE = 2,
    VELA_LOCK_READ_WRITE = 3
} vela_lock_mode;

/* `backends`: the backends the image will be used with (0 = every available one). An image
 * without VELA_BACKEND_CUDA never touches the CUDA runtime; one with it gets pinned host memory. */
VELA_API vela_status vela_image_create(int32_t width, int32_t height, vela_format format,
                                       uint32_t backends, vela_image **image);

/* Wrap memory the caller owns and keeps alive until vela_image_destroy; vela never frees it. */
VELA_API vela_status vela_image_wrap_host(const vela_image_data *data, uint32_t backends,
                                          vela_image **image);
VELA_API vela_status vela_image_wrap_cuda(const vela_image_data *data, uint32_t backends,
                                          vela_image **image);

/* Point a wrapper at new memory of the same kind (a new camera buffer, a new cv::Mat) without
 * re-creating it. Size and format may change. Waits for pending work on the image first. */
VELA_API vela_status vela_image_set_wrapped(vela_image *image, const vela_image_data *data);

/* Tells vela who owns the wrapped memory: `release(user)` is called once vela no longer uses the
 * memory the image wraps now, that is when the image is destroyed or when set_wrapped points it
 * elsewhere, after the work pending on it. It lets a refcounted buffer (a cv::Mat, a GStreamer
 * sample, a V4L2 buffer to requeue) live exactly as long as vela needs it. Replaces an earlier
 * callback without calling it; release = NULL removes it. Wrapped images only. */
typedef void (*vela_release_fn)(void *user);
VELA_API vela_status vela_image_set_release(vela_image *image, vela_release_fn release, void *user);

/* Waits for pending work on the image, then frees what vela allocated. NULL is a no-op. */
VELA_API void vela_image_destroy(vela_image *image);

VELA_API vela_status vela_image_get_size(const vela_image *image, int32_t *width, int32_t *height);
VELA_API vela_status vela_image_get_format(const vela_image *image, vela_format *format);

/* Waits for pending work on the image, makes `buffer`'s copy current and describes it in `data`.
 * Writing through a lock makes the other copy stale. Submissions using a locked image fail with
 * VELA_ERROR_INVALID_OPERATION until vela_image_unlock. */
VELA_API vela_status vela_image_lock(vela_image *image, vela_lock_mode mode, vela_buffer buffer,
                                     vela_image_data *data);
VELA_API vela_status vela_image_unlock(vela_image *image);

/* "U8", "NV12", ...; "INVALID" for values out of range. */
VELA_API const char *vela_format_name(vela_format format);
/* 1..3, or 0 for an invalid format. */
VELA_API int32_t vela_format_num_planes(vela_format format);
/* Size of one plane of a width x height image: pixels across, rows, and bytes in a row. */
VELA_API vela_status vela_format_plane_extent(vela_format format, int32_t width, int32_t height,
                                              int32_t plane, int32_t *plane_width,
                                              int32_t *plane_height, int32_t *row_bytes);

VELA_END_DECLS

#endif
