/* The CUDA runtime as the bench needs it: the device's description, memory in use, a timer of
 * CUDA events, and the device-to-device copy that serves as the GPU's reference column.
 * Compiled only when vela is built with CUDA (BENCH_HAVE_CUDA). */
#ifndef VELA_BENCH_PEER_CUDA_H
#define VELA_BENCH_PEER_CUDA_H

#include "bench.h"

typedef struct peer_cuda_device {
    char name[256];
    int cc_major, cc_minor;
    int sms;
    double memory_bytes;
    double l2_bytes;
    int integrated;
    int runtime_version, driver_version;  /* 13000 = 13.0 */
} peer_cuda_device;

/* The current device; -1 after bench_fail when there is none. */
int peer_cuda_describe(peer_cuda_device *device);

/* Device memory in use now (total - free), in bytes; -1 when unknown. */
double peer_cuda_memory_used(void);

/* A timer of two CUDA events recorded on cuda_stream; end synchronizes the stream. */
int peer_cuda_timer_create(void *cuda_stream, bench_timer *timer);
void peer_cuda_timer_destroy(bench_timer *timer);

/* `copies` pairs of device buffers, each `rows` rows of `row_bytes`; one call copies pair i's
 * source into its destination with cudaMemcpy2DAsync on cuda_stream. */
typedef struct peer_cuda_copy peer_cuda_copy;
int peer_cuda_copy_create(int copies, size_t row_bytes, int rows, void *cuda_stream,
                          peer_cuda_copy **copy);
int peer_cuda_copy_call(void *copy, int index);  /* a bench_call_fn */
void peer_cuda_copy_destroy(peer_cuda_copy *copy);

#endif
