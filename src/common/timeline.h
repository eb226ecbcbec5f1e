/* Internal: a stream's progress counter, shared with the images and events that point into it, so
 * that they can wait on work of a stream that may already be destroyed. It owns the stream's CUDA
 * stream, which lives as long as anything still refers to the timeline. */
#ifndef VL_TIMELINE_H
#define VL_TIMELINE_H

#include <stdint.h>
#include <vela/status.h>

typedef struct vl_timeline vl_timeline;

vl_timeline *vl_timeline_create(void *gpu_stream);
vl_timeline *vl_timeline_retain(vl_timeline *timeline);
void vl_timeline_release(vl_timeline *timeline);

void *vl_timeline_gpu_stream(const vl_timeline *timeline);

/* The worker has finished task `seq` (for CUDA tasks: issued it). */
void vl_timeline_advance(vl_timeline *timeline, uint64_t seq);
/* Blocks until task `seq` is finished on the CPU side (CUDA work issued, maybe still running). */
void vl_timeline_wait_issued(vl_timeline *timeline, uint64_t seq);
/* Blocks until task `seq` is finished on every side; reports a CUDA failure met on the way. */
vela_status vl_timeline_wait_done(vl_timeline *timeline, uint64_t seq);
/* Nonzero when task `seq` has been issued. */
int vl_timeline_reached(vl_timeline *timeline, uint64_t seq);

#endif
