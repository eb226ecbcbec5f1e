/* Internal: how algorithm families submit work to a stream. */
#ifndef VL_STREAM_H
#define VL_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <vela/image.h>
#include <vela/stream.h>

#include "common/cost.h"
#include "common/timeline.h"

#define VL_MAX_OPERANDS 4
#define VL_TASK_ARGS_MAX 2048  /* room for a 15x15 float kernel and its parameters */

typedef enum vl_access { VL_READ = 1, VL_WRITE = 2, VL_READ_WRITE = 3 } vl_access;

typedef struct vl_operand {
    vela_image *image;
    vl_access access;
    const char *name;  /* the argument's name, for messages */
} vl_operand;

/* What a task sees when it runs: its arguments, the backend it runs on, and its operands' pixels
 * on that backend's side (host or device planes). */
typedef struct vl_task_ctx {
    const void *args;
    vela_backend backend;
    vela_stream *stream;
    void *gpu_stream;
    vela_image_data data[VL_MAX_OPERANDS];
} vl_task_ctx;

typedef vela_status (*vl_task_fn)(const vl_task_ctx *ctx);
/* Drops references held in a task's arguments; runs whether or not the task ran. */
typedef void (*vl_release_fn)(void *args);

/* Checks the backend (CPU, CUDA or AUTO, available, allowed by the stream and every operand),
 * resolves AUTO, makes each operand current on the chosen side (queuing copies ahead of the
 * task) and queues `fn` with a copy of `args`. Fails with nothing queued. */
vela_status vl_submit(vela_stream *stream, vela_backend backend, const vl_operand *operands,
                      int num_operands, const vl_cost *cost, vl_task_fn fn, const void *args,
                      size_t args_size);

/* Queues a task without operands (event markers). `backend` 0 runs on the worker without waiting
 * for the stream's CUDA work; VELA_BACKEND_CUDA marks the CUDA stream as having work after it. */
vela_status vl_enqueue(vela_stream *stream, vela_backend backend, vl_task_fn fn,
                       vl_release_fn release, const void *args, size_t args_size, uint64_t *seq);

vl_timeline *vl_stream_timeline(vela_stream *stream);
/* The sequence number of the stream's latest task. */
uint64_t vl_stream_last_seq(vela_stream *stream);
uint32_t vl_stream_backends(const vela_stream *stream);

/* Splits rows [0, rows) into bands (multiples of row_align) over the stream's parallel-for and
 * calls fn(arg, y0, y1) for each. Bands are made only when a band moves enough bytes to pay for
 * a wake-up. */
typedef void (*vl_band_fn)(const void *arg, int32_t y0, int32_t y1);
void vl_run_bands(const vl_task_ctx *ctx, int32_t rows, int32_t row_align, double bytes_per_row,
                  vl_band_fn fn, const void *arg);

#endif
