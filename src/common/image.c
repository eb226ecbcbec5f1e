#include "common/image.h"

#include "common/gpu.h"
#include "common/status.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Largest width or height: keeps every pitch and plane size far from overflow. */
#define VL_MAX_DIMENSION 65536

/* One side's planes: allocated by vela (block != NULL), wrapped, or absent (planes[0].data NULL). */
typedef struct side {
    vela_image_plane planes[VELA_MAX_PLANES];
    void *block;
    bool pinned;
} side;

struct vela_image {
    pthread_mutex_t mu;
    vela_format format;
    int32_t width, height;
    uint32_t backends;
    const vl_format_info *info;
    side host, device;
    bool host_current, device_current;
    bool mapped;          /* host.block is mapped pinned memory that device's planes alias */
    vela_buffer wrapped;  /* which side the caller owns, 0 if none */
    int lock_mode;
    vl_timeline *last_timeline;
    uint64_t last_seq;
    vela_release_fn release;  /* owner of the wrapped memory, told when vela is done with it */
    void *release_user;
};

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static uint32_t resolve_backends(uint32_t backends)
{
    if (backends == 0) backends = VELA_BACKEND_CPU | (vl_gpu_present() ? VELA_BACKEND_CUDA : 0);
    return backends;
}

static side *side_of(vela_image *img, vela_backend b) { return b == VELA_BACKEND_CUDA ? &img->device : &img->host; }

static vela_status check_geometry(vela_format format, int32_t width, int32_t height, const char *what)
{
    if (!vl_format_info_of(format))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "%sformat %d is not a vela_format", what, (int)format);
    if (width <= 0 || height <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%ssize %dx%d must be positive", what, width, height);
    if (width > VL_MAX_DIMENSION || height > VL_MAX_DIMENSION)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%ssize %dx%d exceeds the largest dimension %d",
                       what, width, height, VL_MAX_DIMENSION);
    return VELA_OK;
}

static vela_status check_backends(uint32_t backends)
{
    if (backends & ~(uint32_t)VELA_BACKEND_ALL)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "backends 0x%x has bits other than CPU and CUDA", backends);
    return VELA_OK;
}

/* Lays the planes out in one block of `align`-aligned rows; returns the block's size. */
static size_t layout(const vela_image *img, size_t align, vela_image_plane *planes, char *base)
{
    size_t offset = 0;
    for (int p = 0; p < img->info->num_planes; p++) {
        int32_t rows, row_bytes;
        vl_plane_extent(img->info, img->width, img->height, p, NULL, &rows, &row_bytes);
        size_t pitch = align_up((size_t)row_bytes, align);
        if (planes) {
            planes[p].data = base + offset;
            planes[p].pitch = (int32_t)pitch;
        }
        offset += align_up(pitch * (size_t)rows, align);
    }
    return offset;
}

static vela_status allocate(vela_image *img, vela_backend b)
{
    side *s = side_of(img, b);
    if (s->planes[0].data) return VELA_OK;
    vela_status st;
    if (b == VELA_BACKEND_CUDA) {
        size_t bytes = layout(img, 256, NULL, NULL);
        void *block;
        if ((st = vl_gpu_alloc(&block, bytes)) != VELA_OK) return st;
        s->block = block;
        layout(img, 256, s->planes, block);
        return VELA_OK;
    }
    size_t bytes = layout(img, 64, NULL, NULL);
    void *block = NULL;
    bool pinned = (img->backends & VELA_BACKEND_CUDA) && vl_gpu_present();
    if (pinned) {
        if ((st = vl_gpu_alloc_host(&block, bytes, false)) != VELA_OK) return st;
    } else if (posix_memalign(&block, 64, bytes) != 0) {
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory allocating %zu bytes for a %dx%d %s image",
                       bytes, img->width, img->height, img->info->name);
    }
    s->block = block;
    s->pinned = pinned;
    layout(img, 64, s->planes, block);
    return VELA_OK;
}

/* Mapped mode: one pinned block both sides see, current on both at all times. */
static vela_status allocate_mapped(vela_image *img)
{
    size_t bytes = layout(img, 256, NULL, NULL);
    void *block, *device;
    vela_status st = vl_gpu_alloc_host(&block, bytes, true);
    if (st != VELA_OK) return st;
    if ((st = vl_gpu_mapped_pointer(block, &device)) != VELA_OK) {
        vl_gpu_free_host(block);
        return st;
    }
    img->host.block = block;
    img->host.pinned = true;
    layout(img, 256, img->host.planes, block);
    layout(img, 256, img->device.planes, device);
    img->mapped = true;
    return VELA_OK;
}

static void free_side(side *s, bool device)
{
    if (s->block) {
        if (device) vl_gpu_free(s->block);
        else if (s->pinned) vl_gpu_free_host(s->block);
        else free(s->block);
    }
    memset(s, 0, sizeof *s);
}

static void free_owned(vela_image *img)
{
    if (img->mapped) memset(&img->device, 0, sizeof img->device);  /* aliases host.block */
    free_side(&img->host, false);
    free_side(&img->device, true);
    img->mapped = false;
}

static vela_image *new_image(vela_format format, int32_t width, int32_t height, uint32_t backends)
{
    vela_image *img = calloc(1, sizeof *img);
    if (!img) return NULL;
    pthread_mutex_init(&img->mu, NULL);
    img->format = format;
    img->width = width;
    img->height = height;
    img->backends = backends;
    img->info = vl_format_info_of(format);
    img->host_current = img->device_current = true;  /* contents undefined on both sides */
    return img;
}

vela_status vela_image_create(int32_t width, int32_t height, vela_format format, uint32_t backends,
                              vela_image **image)
{
    vela_status st;
    if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image (the output pointer) is NULL");
    *image = NULL;
    if ((st = check_geometry(format, width, height, "")) != VELA_OK) return st;
    if ((st = check_backends(backends)) != VELA_OK) return st;
    backends = resolve_backends(backends);
    if ((backends & VELA_BACKEND_CUDA) && !vl_gpu_present())
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backends asks for CUDA, which is not available here");
    vela_image *img = new_image(format, width, height, backends);
    if (!img) return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating an image");
    if ((backends & VELA_BACKEND_CUDA) && vl_gpu_mapped() && (st = allocate_mapped(img)) != VELA_OK) {
        vela_image_destroy(img);
        return st;
    }
    *image = img;
    return VELA_OK;
}

/* Checks caller-described planes: present, pitch covering the row, no overflow. */
static vela_status check_data(const vela_image_data *data)
{
    if (!data) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data is NULL");
    vela_status st = check_geometry(data->format, data->width, data->height, "data->");
    if (st != VELA_OK) return st;
    const vl_format_info *info = vl_format_info_of(data->format);
    for (int p = 0; p < info->num_planes; p++) {
        int32_t row_bytes;
        vl_plane_extent(info, data->width, data->height, p, NULL, NULL, &row_bytes);
        if (!data->planes[p].data)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data->planes[%d].data is NULL (%s has %d planes)",
                           p, info->name, info->num_planes);
        int align = vl_depth_bytes(info->depth);
        if (data->planes[p].pitch % align != 0 || (uintptr_t)data->planes[p].data % (uintptr_t)align != 0)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                           "data->planes[%d] (pitch %d, address %p) is not aligned to the %d-byte elements of %s",
                           p, data->planes[p].pitch, data->planes[p].data, align, info->name);
        if (data->planes[p].pitch < row_bytes)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                           "data->planes[%d].pitch %d is less than the row's %d bytes (%s, width %d)",
                           p, data->planes[p].pitch, row_bytes, info->name, data->width);
    }
    return VELA_OK;
}

static vela_status wrap(const vela_image_data *data, uint32_t backends, vela_buffer kind, vela_image **image)
{
    vela_status st;
    if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image (the output pointer) is NULL");
    *image = NULL;
    if ((st = check_data(data)) != VELA_OK) return st;
    if ((st = check_backends(backends)) != VELA_OK) return st;
    backends = resolve_backends(backends);
    if (kind == VELA_BUFFER_CUDA) {
        if (!vl_gpu_present())
            return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "cannot wrap CUDA memory: CUDA is not available here");
        backends |= VELA_BACKEND_CUDA;
    }
    if ((backends & VELA_BACKEND_CUDA) && !vl_gpu_present())
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backends asks for CUDA, which is not available here");
    vela_image *img = new_image(data->format, data->width, data->height, backends);
    if (!img) return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating an image");
    img->wrapped = kind;
    side *s = kind == VELA_BUFFER_CUDA ? &img->device : &img->host;
    memcpy(s->planes, data->planes, sizeof s->planes);
    img->host_current = kind == VELA_BUFFER_HOST;
    img->device_current = kind == VELA_BUFFER_CUDA;
    *image = img;
    return VELA_OK;
}

vela_status vela_image_wrap_host(const vela_image_data *data, uint32_t backends, vela_image **image)
{
    return wrap(data, backends, VELA_BUFFER_HOST, image);
}

vela_status vela_image_wrap_cuda(const vela_image_data *data, uint32_t backends, vela_image **image)
{
    return wrap(data, backends, VELA_BUFFER_CUDA, image);
}

static vela_status wait_pending(vela_image *img)
{
    pthread_mutex_lock(&img->mu);
    vl_timeline *t = vl_timeline_retain(img->last_timeline);
    uint64_t seq = img->last_seq;
    pthread_mutex_unlock(&img->mu);
    if (!t) return VELA_OK;
    vela_status st = vl_timeline_wait_done(t, seq);
    vl_timeline_release(t);
    return st;
}

vela_status vela_image_set_wrapped(vela_image *img, const vela_image_data *data)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (!img->wrapped)
        return vl_fail(VELA_ERROR_INVALID_OPERATION, "image was created by vela_image_create, not wrapped");
    vela_status st = check_data(data);
    if (st != VELA_OK) return st;
    if (img->lock_mode) return vl_fail(VELA_ERROR_INVALID_OPERATION, "image is locked");
    wait_pending(img);
    pthread_mutex_lock(&img->mu);
    bool same_shape = data->format == img->format && data->width == img->width && data->height == img->height;
    side *own = img->wrapped == VELA_BUFFER_CUDA ? &img->host : &img->device;
    if (!same_shape) free_side(own, own == &img->device);  /* vela's copy no longer fits */
    img->format = data->format;
    img->width = data->width;
    img->height = data->height;
    img->info = vl_format_info_of(data->format);
    side *s = img->wrapped == VELA_BUFFER_CUDA ? &img->device : &img->host;
    memcpy(s->planes, data->planes, sizeof s->planes);
    img->host_current = img->wrapped == VELA_BUFFER_HOST;
    img->device_current = img->wrapped == VELA_BUFFER_CUDA;
    vela_release_fn release = img->release;
    void *user = img->release_user;
    img->release = NULL;
    img->release_user = NULL;
    pthread_mutex_unlock(&img->mu);
    if (release) release(user);  /* outside the mutex: the owner may call back into vela */
    return VELA_OK;
}

vela_status vela_image_set_release(vela_image *img, vela_release_fn release, void *user)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (!img->wrapped)
        return vl_fail(VELA_ERROR_INVALID_OPERATION, "image was created by vela_image_create, not wrapped");
    pthread_mutex_lock(&img->mu);
    img->release = release;
    img->release_user = release ? user : NULL;
    pthread_mutex_unlock(&img->mu);
    return VELA_OK;
}

void vela_image_destroy(vela_image *img)
{
    if (!img) return;
    wait_pending(img);
    if (img->release) img->release(img->release_user);
    if (img->wrapped == VELA_BUFFER_HOST) memset(&img->host, 0, sizeof img->host);
    if (img->wrapped == VELA_BUFFER_CUDA) memset(&img->device, 0, sizeof img->device);
    free_owned(img);
    vl_timeline_release(img->last_timeline);
    pthread_mutex_destroy(&img->mu);
    free(img);
}

vela_status vela_image_get_size(const vela_image *img, int32_t *width, int32_t *height)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (!width && !height) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "width and height are both NULL");
    if (width) *width = img->width;
    if (height) *height = img->height;
    return VELA_OK;
}

vela_status vela_image_get_format(const vela_image *img, vela_format *format)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (!format) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "format is NULL");
    *format = img->format;
    return VELA_OK;
}

vela_status vela_image_lock(vela_image *img, vela_lock_mode mode, vela_buffer buffer, vela_image_data *data)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (mode < VELA_LOCK_READ || mode > VELA_LOCK_READ_WRITE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mode %d is not a vela_lock_mode", (int)mode);
    if (buffer != VELA_BUFFER_HOST && buffer != VELA_BUFFER_CUDA)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "buffer %d is not VELA_BUFFER_HOST or VELA_BUFFER_CUDA", (int)buffer);
    if (!data) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data is NULL");
    vela_backend b = buffer == VELA_BUFFER_CUDA ? VELA_BACKEND_CUDA : VELA_BACKEND_CPU;
    if (b == VELA_BACKEND_CUDA && !(img->backends & VELA_BACKEND_CUDA))
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "buffer is CUDA, but the image was created without VELA_BACKEND_CUDA");
    if (img->lock_mode) return vl_fail(VELA_ERROR_INVALID_OPERATION, "image is already locked");

    vela_status st = wait_pending(img);
    if (st != VELA_OK) return st;
    pthread_mutex_lock(&img->mu);
    if ((st = allocate(img, b)) == VELA_OK) {
        bool *current = b == VELA_BACKEND_CUDA ? &img->device_current : &img->host_current;
        bool *other = b == VELA_BACKEND_CUDA ? &img->host_current : &img->device_current;
        /* A write lock copies too: the caller may write only part of the image. */
        if (!*current && !img->mapped) st = vl_image_copy(img, b, NULL);
        if (st == VELA_OK) {
            *current = true;
            if ((mode & VELA_LOCK_WRITE) && !img->mapped) *other = false;
            img->lock_mode = mode;
            vl_image_side_data(img, b, data);
        }
    }
    pthread_mutex_unlock(&img->mu);
    return st;
}

vela_status vela_image_unlock(vela_image *img)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
    if (!img->lock_mode) return vl_fail(VELA_ERROR_INVALID_OPERATION, "image is not locked");
    img->lock_mode = 0;
    return VELA_OK;
}

vela_status vl_image_check_usable(const vela_image *img, const char *name, vela_backend b)
{
    if (!img) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s is NULL", name);
    if (b && !(img->backends & b))
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "%s was created without VELA_BACKEND_%s",
                       name, vela_backend_name(b));
    if (img->lock_mode) return vl_fail(VELA_ERROR_INVALID_OPERATION, "%s is locked", name);
    return VELA_OK;
}

vela_status vl_image_prepare(vela_image *img, vela_backend b)
{
    pthread_mutex_lock(&img->mu);
    vela_status st = allocate(img, b);
    pthread_mutex_unlock(&img->mu);
    return st;
}

bool vl_image_stage(vela_image *img, vela_backend b, vl_access access)
{
    pthread_mutex_lock(&img->mu);
    bool copy = false;
    if (!img->mapped) {
        bool *current = b == VELA_BACKEND_CUDA ? &img->device_current : &img->host_current;
        bool *other = b == VELA_BACKEND_CUDA ? &img->host_current : &img->device_current;
        copy = (access & VL_READ) && !*current;
        *current = true;
        if (access & VL_WRITE) *other = false;
    }
    pthread_mutex_unlock(&img->mu);
    return copy;
}

void vl_image_set_last(vela_image *img, vl_timeline *timeline, uint64_t seq)
{
    pthread_mutex_lock(&img->mu);
    if (img->last_timeline != timeline) {
        vl_timeline_release(img->last_timeline);
        img->last_timeline = vl_timeline_retain(timeline);
    }
    img->last_seq = seq;
    pthread_mutex_unlock(&img->mu);
}

void vl_image_side_data(const vela_image *img, vela_backend b, vela_image_data *data)
{
    const side *s = b == VELA_BACKEND_CUDA ? &img->device : &img->host;
    data->format = img->format;
    data->width = img->width;
    data->height = img->height;
    data->num_planes = img->info->num_planes;
    memcpy(data->planes, s->planes, sizeof data->planes);
}

vela_status vl_image_copy(const vela_image *img, vela_backend to, void *gpu_stream)
{
    const side *dst = to == VELA_BACKEND_CUDA ? &img->device : &img->host;
    const side *src = to == VELA_BACKEND_CUDA ? &img->host : &img->device;
    for (int p = 0; p < img->info->num_planes; p++) {
        int32_t rows, row_bytes;
        vl_plane_extent(img->info, img->width, img->height, p, NULL, &rows, &row_bytes);
        vela_status st = vl_gpu_copy_2d(dst->planes[p].data, (size_t)dst->planes[p].pitch,
                                        src->planes[p].data, (size_t)src->planes[p].pitch,
                                        (size_t)row_bytes, (size_t)rows, gpu_stream);
        if (st != VELA_OK) return st;
    }
    return VELA_OK;
}

vela_buffer vl_image_wrapped(const vela_image *img) { return img->wrapped; }
uint32_t vl_image_backends(const vela_image *img) { return img->backends; }
const vl_format_info *vl_image_info(const vela_image *img) { return img->info; }
int32_t vl_image_width(const vela_image *img) { return img->width; }
int32_t vl_image_height(const vela_image *img) { return img->height; }
vela_format vl_image_format(const vela_image *img) { return img->format; }

bool vl_image_current_on(const vela_image *img, vela_backend b)
{
    return img->mapped || (b == VELA_BACKEND_CUDA ? img->device_current : img->host_current);
}
