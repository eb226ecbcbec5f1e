/* Shared test helpers: Check runner, deterministic random data, poisoned and pitched images,
 * comparisons. Tests link the static library and may call internal kernels directly. */
#ifndef VT_HARNESS_H
#define VT_HARNESS_H

#include <check.h>
#include <stddef.h>
#include <string.h>
#include <stdint.h>
#include <vela/vela.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VT_POISON 0xA5

/* Runs the suite; returns the process exit code (0 pass, 1 fail). */
int vt_run(Suite *suite);
/* 77 (ctest: skipped) when there is no CUDA device, else 0. */
int vt_skip_without_gpu(void);

void vt_seed(uint32_t seed);
uint32_t vt_rand(void);
void vt_fill_random(void *data, size_t bytes);

/* A host image laid out by the test: each plane's pitch padded by `pad` bytes and its first row
 * starting `misalign` bytes past an aligned address (both rounded up to the element size, which
 * vela requires), the whole poisoned. */
typedef struct vt_buffer {
    vela_image_data data;
    void *blocks[VELA_MAX_PLANES];
} vt_buffer;

vt_buffer vt_buffer_alloc(vela_format format, int32_t width, int32_t height, int32_t pad, int32_t misalign);
void vt_buffer_free(vt_buffer *buffer);
/* Sets every byte of the planes, padding included, to VT_POISON. */
void vt_poison_data(const vela_image_data *data);
void vt_fill_data(const vela_image_data *data);   /* random pixels in every plane's rows */
/* Bytes of every plane's rows that differ; padding ignored. */
size_t vt_diff_data(const vela_image_data *a, const vela_image_data *b);
/* The same for two images, locked for the host (after the work on them is done). */
size_t vt_diff_images(vela_image *a, vela_image *b);
/* Checks that the padding after every row still holds the poison. */
int vt_padding_intact(const vela_image_data *data);
/* Largest absolute difference between two images' elements, read as their depth (bytes for colour
 * and YUV formats); NaNs count as equal when both are NaN, else as infinite. */
double vt_max_abs_diff(const vela_image_data *a, const vela_image_data *b);

/* Copies a locked image's pixels into / out of a test layout. */
void vt_copy_data(const vela_image_data *dst, const vela_image_data *src);

/* vt_fill_data on an image's host side, through a write lock. */
void vt_fill_image(vela_image *image);
/* Copies src's pixels into dst (same format and size) on the host, through locks. */
void vt_copy_image(vela_image *dst, vela_image *src);

/* A test's source and destination buffers wrapped as images for every backend, as an application
 * hands vela its own memory: what the CUDA suites run each case through. */
typedef struct vt_wrapped {
    vela_image *src, *dst;
} vt_wrapped;

vt_wrapped vt_wrap_pair(const vela_image_data *src, const vela_image_data *dst);
/* After a submission on the pair: a host lock of dst brings the result back into its buffer (the
 * download is part of what is tested), the stream is synced, and both wrappers are destroyed. */
void vt_unwrap_pair(vela_stream *stream, vt_wrapped *wrapped);

/* ck_assert on a vela call, printing the status and message when it fails. */
#define VT_OK(call)                                                                          \
    do {                                                                                     \
        vela_status vt_st_ = (call);                                                         \
        ck_assert_msg(vt_st_ == VELA_OK, "%s -> %s: %s", #call, vela_status_name(vt_st_),    \
                      vela_last_error_message());                                           \
    } while (0)

/* ck_assert that a call fails with `status` and that the message mentions `needle`. */
#define VT_FAILS(call, status, needle)                                                       \
    do {                                                                                     \
        vela_status vt_st_ = (call);                                                         \
        ck_assert_msg(vt_st_ == (status), "%s -> %s, expected %s (%s)", #call,               \
                      vela_status_name(vt_st_), vela_status_name(status),                    \
                      vela_last_error_message());                                           \
        ck_assert_msg(strstr(vela_last_error_message(), (needle)) != NULL,                   \
                      "%s: message \"%s\" does not mention \"%s\"", #call,                   \
                      vela_last_error_message(), (needle));                                 \
    } while (0)

#ifdef __cplusplus
}
#endif

#endif
