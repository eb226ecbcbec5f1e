/* Streams: in-order asynchronous queues of work on the CPU and CUDA backends. */
#ifndef VELA_STREAM_H
#define VELA_STREAM_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/status.h>

VELA_BEGIN_DECLS

typedef struct vela_stream vela_stream;

/* `backends`: the backends this stream may use (0 = every available one). A stream limited to one
 * backend pins its VELA_BACKEND_AUTO submissions there. */
VELA_API vela_status vela_stream_create(uint32_t backends, vela_stream **stream);

/* Waits for the stream's work, then frees it. NULL is a no-op. */
VELA_API void vela_stream_destroy(vela_stream *stream);

/* Waits for everything submitted so far. Returns the first execution error since the last sync
 * (and sets this thread's error message from it), then clears it; later work still ran only if
 * no error preceded it. */
VELA_API vela_status vela_stream_sync(vela_stream *stream);

/* The stream's cudaStream_t, for interop with the caller's own CUDA work. */
VELA_API vela_status vela_stream_get_cuda_stream(vela_stream *stream, void **cuda_stream);

/* A parallel-for supplied by the application, to run the stream's CPU work on its own threads:
 * it must call task(task_ctx, i) once for every i in [0, count) and return when all are done. */
typedef void (*vela_parallel_task)(void *task_ctx, int32_t index);
typedef void (*vela_parallel_for)(int32_t count, vela_parallel_task task, void *task_ctx,
                                  void *user);

/* Replaces the process-wide pool for this stream's CPU work; fn = NULL restores the pool.
 * `max_threads` tells vela how many bands are worth making. */
VELA_API vela_status vela_stream_set_parallel_for(vela_stream *stream, vela_parallel_for fn,
                                                  void *user, int32_t max_threads);

/* Threads of the process-wide pool: VELA_NUM_THREADS, or the number of online cores. */
VELA_API int32_t vela_num_threads(void);

VELA_END_DECLS

#endif
