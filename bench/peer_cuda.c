#include "peer_cuda.h"

#include <cuda_runtime_api.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(cudaError_t err, const char *what)
{
    return bench_fail("CUDA: %s failed: %s", what, cudaGetErrorString(err));
}

#define CALL(expr)                                  \
    do {                                            \
        cudaError_t err_ = (expr);                  \
        if (err_ != cudaSuccess) return fail(err_, #expr); \
    } while (0)

int peer_cuda_describe(peer_cuda_device *d)
{
    int dev = 0;
    struct cudaDeviceProp p;
    CALL(cudaGetDevice(&dev));
    CALL(cudaGetDeviceProperties(&p, dev));
    snprintf(d->name, sizeof d->name, "%s", p.name);
    d->cc_major = p.major;
    d->cc_minor = p.minor;
    d->sms = p.multiProcessorCount;
    d->memory_bytes = (double)p.totalGlobalMem;
    d->l2_bytes = (double)p.l2CacheSize;
    d->integrated = p.integrated;
    d->runtime_version = d->driver_version = 0;
    cudaRuntimeGetVersion(&d->runtime_version);
    cudaDriverGetVersion(&d->driver_version);
    return 0;
}

double peer_cuda_memory_used(void)
{
    size_t free_bytes, total;
    if (cudaMemGetInfo(&free_bytes, &total) != cudaSuccess) {
        cudaGetLastError();
        return -1;
    }
    return (double)(total - free_bytes);
}

typedef struct event_timer {
    cudaStream_t stream;
    cudaEvent_t start, stop;
} event_timer;

static int timer_begin(void *ctx)
{
    event_timer *t = ctx;
    CALL(cudaEventRecord(t->start, t->stream));
    return 0;
}

static int timer_end(void *ctx, double *ms)
{
    event_timer *t = ctx;
    float f;
    CALL(cudaEventRecord(t->stop, t->stream));
    CALL(cudaStreamSynchronize(t->stream));
    CALL(cudaEventElapsedTime(&f, t->start, t->stop));
    *ms = f;
    return 0;
}

int peer_cuda_timer_create(void *cuda_stream, bench_timer *timer)
{
    event_timer *t = calloc(1, sizeof *t);
    if (!t) return bench_fail("out of memory");
    t->stream = (cudaStream_t)cuda_stream;
    cudaError_t err = cudaEventCreate(&t->start);
    if (err == cudaSuccess && (err = cudaEventCreate(&t->stop)) != cudaSuccess) cudaEventDestroy(t->start);
    if (err != cudaSuccess) {
        free(t);
        return fail(err, "cudaEventCreate");
    }
    *timer = (bench_timer){ timer_begin, timer_end, t };
    return 0;
}

void peer_cuda_timer_destroy(bench_timer *timer)
{
    event_timer *t = timer->ctx;
    if (!t) return;
    cudaEventDestroy(t->start);
    cudaEventDestroy(t->stop);
    free(t);
    timer->ctx = NULL;
}

typedef struct buffer {
    void *src, *dst;
    size_t src_pitch, dst_pitch;
} buffer;

struct peer_cuda_copy {
    cudaStream_t stream;
    size_t row_bytes;
    int rows, copies;
    buffer b[];
};

void peer_cuda_copy_destroy(peer_cuda_copy *c)
{
    if (!c) return;
    cudaStreamSynchronize(c->stream);
    for (int i = 0; i < c->copies; i++) {
        cudaFree(c->b[i].src);
        cudaFree(c->b[i].dst);
    }
    free(c);
}

int peer_cuda_copy_create(int copies, size_t row_bytes, int rows, void *cuda_stream, peer_cuda_copy **out)
{
    peer_cuda_copy *c = calloc(1, sizeof *c + (size_t)copies * sizeof c->b[0]);
    if (!c) return bench_fail("out of memory");
    c->stream = (cudaStream_t)cuda_stream;
    c->row_bytes = row_bytes;
    c->rows = rows;
    for (int i = 0; i < copies; i++, c->copies++) {
        buffer *b = &c->b[i];
        cudaError_t err = cudaMallocPitch(&b->src, &b->src_pitch, row_bytes, (size_t)rows);
        if (err == cudaSuccess) err = cudaMallocPitch(&b->dst, &b->dst_pitch, row_bytes, (size_t)rows);
        /* Not zeros: some memory systems compress them. */
        if (err == cudaSuccess) err = cudaMemset2D(b->src, b->src_pitch, 0x5a + i, row_bytes, (size_t)rows);
        if (err != cudaSuccess) {
            c->copies++;
            peer_cuda_copy_destroy(c);
            return fail(err, "allocating the copy's buffers");
        }
    }
    *out = c;
    return 0;
}

int peer_cuda_copy_call(void *ctx, int index)
{
    peer_cuda_copy *c = ctx;
    const buffer *b = &c->b[index];
    CALL(cudaMemcpy2DAsync(b->dst, b->dst_pitch, b->src, b->src_pitch, c->row_bytes, (size_t)c->rows,
                           cudaMemcpyDeviceToDevice, c->stream));
    return 0;
}
