/* Internal: the CUDA runtime as the rest of vela sees it. Without CUDA, every call reports the
 * backend unavailable (src/common/gpu_none.c), so no other file needs #ifdefs. */
#ifndef VL_GPU_H
#define VL_GPU_H

#include <stdbool.h>
#include <stddef.h>
#include <vela/status.h>

/* Compiled with CUDA and a device is present (checked once). */
bool vl_gpu_present(void);
/* One mapped pinned allocation serves host and device: an integrated GPU, or VELA_CUDA_MAPPED=1. */
bool vl_gpu_mapped(void);

vela_status vl_gpu_alloc(void **device, size_t bytes);
void vl_gpu_free(void *device);
/* Pinned host memory; `mapped` also maps it into the device's address space. */
vela_status vl_gpu_alloc_host(void **host, size_t bytes, bool mapped);
void vl_gpu_free_host(void *host);
vela_status vl_gpu_mapped_pointer(void *host, void **device);

/* A 2-D copy between any two of host and device memory; on `stream`, or synchronous if NULL. */
vela_status vl_gpu_copy_2d(void *dst, size_t dst_pitch, const void *src, size_t src_pitch,
                           size_t row_bytes, size_t rows, void *stream);

vela_status vl_gpu_stream_create(void **stream);
void vl_gpu_stream_destroy(void *stream);
vela_status vl_gpu_stream_sync(void *stream);

vela_status vl_gpu_event_create(void **event);
void vl_gpu_event_destroy(void *event);
vela_status vl_gpu_event_record(void *event, void *stream);
vela_status vl_gpu_stream_wait_event(void *stream, void *event);
vela_status vl_gpu_event_sync(void *event);
/* VELA_OK when the event's work is done, VELA_ERROR_NOT_READY when not yet. */
vela_status vl_gpu_event_query(void *event);
vela_status vl_gpu_event_elapsed_ms(void *start, void *end, float *ms);

/* After a launch: turns a pending launch error into a status naming `what`. */
vela_status vl_gpu_check_launch(const char *what);

#endif
