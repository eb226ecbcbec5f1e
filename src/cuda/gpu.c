/* The CUDA glue: device discovery, allocations, copies, streams and events. Plain C over the
 * runtime API; kernels live in the .cu files. */
#include "common/gpu.h"
#include "common/status.h"

#include <cuda_runtime_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool present, mapped;

static void probe(void)
{
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        cudaGetLastError();
        return;
    }
    present = true;
    int integrated = 0;
    cudaDeviceGetAttribute(&integrated, cudaDevAttrIntegrated, 0);
    const char *force = getenv("VELA_CUDA_MAPPED");
    mapped = integrated || (force && strcmp(force, "0") != 0 && force[0] != '\0');
}

bool vl_gpu_present(void)
{
    pthread_once(&probe_once, probe);
    return present;
}

bool vl_gpu_mapped(void)
{
    pthread_once(&probe_once, probe);
    return present && mapped;
}

static vela_status fail(cudaError_t err, const char *what)
{
    vela_status s = err == cudaErrorMemoryAllocation ? VELA_ERROR_OUT_OF_MEMORY
                                                     : VELA_ERROR_BACKEND_FAILURE;
    return vl_fail(s, "CUDA: %s failed: %s", what, cudaGetErrorString(err));
}

#define CALL(expr, what)                              \
    do {                                              \
        cudaError_t err_ = (expr);                    \
        if (err_ != cudaSuccess) return fail(err_, what); \
    } while (0)

vela_status vl_gpu_alloc(void **device, size_t bytes)
{
    CALL(cudaMalloc(device, bytes), "cudaMalloc");
    return VELA_OK;
}

void vl_gpu_free(void *device)
{
    if (device) cudaFree(device);
}

vela_status vl_gpu_alloc_host(void **host, size_t bytes, bool want_mapped)
{
    CALL(cudaHostAlloc(host, bytes, want_mapped ? cudaHostAllocMapped : cudaHostAllocDefault),
         "cudaHostAlloc");
    return VELA_OK;
}

void vl_gpu_free_host(void *host)
{
    if (host) cudaFreeHost(host);
}

vela_status vl_gpu_mapped_pointer(void *host, void **device)
{
    CALL(cudaHostGetDevicePointer(device, host, 0), "cudaHostGetDevicePointer");
    return VELA_OK;
}

vela_status vl_gpu_copy_2d(void *dst, size_t dst_pitch, const void *src, size_t src_pitch,
                           size_t row_bytes, size_t rows, void *stream)
{
    if (stream)
        CALL(cudaMemcpy2DAsync(dst, dst_pitch, src, src_pitch, row_bytes, rows, cudaMemcpyDefault,
                               (cudaStream_t)stream), "cudaMemcpy2DAsync");
    else
        CALL(cudaMemcpy2D(dst, dst_pitch, src, src_pitch, row_bytes, rows, cudaMemcpyDefault),
             "cudaMemcpy2D");
    return VELA_OK;
}

vela_status vl_gpu_stream_create(void **stream)
{
    CALL(cudaStreamCreateWithFlags((cudaStream_t *)stream, cudaStreamNonBlocking),
         "cudaStreamCreate");
    return VELA_OK;
}

void vl_gpu_stream_destroy(void *stream)
{
    if (stream) cudaStreamDestroy((cudaStream_t)stream);
}

vela_status vl_gpu_stream_sync(void *stream)
{
    CALL(cudaStreamSynchronize((cudaStream_t)stream), "cudaStreamSynchronize");
    return VELA_OK;
}

vela_status vl_gpu_event_create(void **event)
{
    CALL(cudaEventCreate((cudaEvent_t *)event), "cudaEventCreate");
    return VELA_OK;
}

void vl_gpu_event_destroy(void *event)
{
    if (event) cudaEventDestroy((cudaEvent_t)event);
}

vela_status vl_gpu_event_record(void *event, void *stream)
{
    CALL(cudaEventRecord((cudaEvent_t)event, (cudaStream_t)stream), "cudaEventRecord");
    return VELA_OK;
}

vela_status vl_gpu_stream_wait_event(void *stream, void *event)
{
    CALL(cudaStreamWaitEvent((cudaStream_t)stream, (cudaEvent_t)event, 0), "cudaStreamWaitEvent");
    return VELA_OK;
}

vela_status vl_gpu_event_sync(void *event)
{
    CALL(cudaEventSynchronize((cudaEvent_t)event), "cudaEventSynchronize");
    return VELA_OK;
}

vela_status vl_gpu_event_query(void *event)
{
    cudaError_t err = cudaEventQuery((cudaEvent_t)event);
    if (err == cudaErrorNotReady) return VELA_ERROR_NOT_READY;
    if (err != cudaSuccess) return fail(err, "cudaEventQuery");
    return VELA_OK;
}

vela_status vl_gpu_event_elapsed_ms(void *start, void *end, float *ms)
{
    CALL(cudaEventElapsedTime(ms, (cudaEvent_t)start, (cudaEvent_t)end), "cudaEventElapsedTime");
    return VELA_OK;
}

vela_status vl_gpu_check_launch(const char *what)
{
    CALL(cudaGetLastError(), what);
    return VELA_OK;
}
