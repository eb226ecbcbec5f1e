/* Internal: the process-wide pool that runs CPU row bands. */
#ifndef VL_THREAD_POOL_H
#define VL_THREAD_POOL_H

#include <vela/stream.h>

/* Calls task(ctx, i) for i in [0, count) on the pool's threads and the caller's; returns when all
 * are done. Concurrent callers take turns. */
void vl_pool_run(int32_t count, vela_parallel_task task, void *ctx);

#endif
