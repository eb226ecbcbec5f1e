#include <vela/event.h>

#include "common/gpu.h"
#include "common/status.h"
#include "common/stream.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* Reference-counted: a wait queued on another stream keeps the event alive until it has run. */
struct vela_event {
    atomic_int refs;
    pthread_mutex_t mu;
    vl_timeline *timeline;  /* of the stream it was last recorded on; NULL if never */
    uint64_t seq;
    void *gpu_event;        /* created on the first record on a stream with CUDA */
    /* Written by the recording stream's worker when the point is reached. */
    bool gpu_recorded;
    double stamp_ms;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static vela_event *retain(vela_event *e)
{
    atomic_fetch_add(&e->refs, 1);
    return e;
}

static void release(vela_event *e)
{
    if (atomic_fetch_sub(&e->refs, 1) != 1) return;
    vl_timeline_release(e->timeline);
    vl_gpu_event_destroy(e->gpu_event);
    pthread_mutex_destroy(&e->mu);
    free(e);
}

vela_status vela_event_create(vela_event **event)
{
    if (!event) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "event (the output pointer) is NULL");
    vela_event *e = calloc(1, sizeof *e);
    if (!e) return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating an event");
    atomic_init(&e->refs, 1);
    pthread_mutex_init(&e->mu, NULL);
    *event = e;
    return VELA_OK;
}

void vela_event_destroy(vela_event *e)
{
    if (!e) return;
    vela_event_sync(e);
    release(e);
}

typedef struct record_args { vela_event *event; } record_args;

static vela_status record_task(const vl_task_ctx *ctx)
{
    vela_event *e = ((const record_args *)ctx->args)->event;
    /* The CUDA event times the GPU's side; the CPU stamp serves streams without CUDA. */
    e->gpu_recorded = false;
    if (ctx->gpu_stream && e->gpu_event) {
        vela_status st = vl_gpu_event_record(e->gpu_event, ctx->gpu_stream);
        if (st != VELA_OK) return st;
        e->gpu_recorded = true;
    }
    e->stamp_ms = now_ms();
    return VELA_OK;
}

static void release_args(void *args) { release(((record_args *)args)->event); }

vela_status vela_event_record(vela_event *e, vela_stream *s)
{
    if (!e) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "event is NULL");
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    vl_timeline *t = vl_stream_timeline(s);
    pthread_mutex_lock(&e->mu);
    vela_status st = VELA_OK;
    if (vl_timeline_gpu_stream(t) && !e->gpu_event) st = vl_gpu_event_create(&e->gpu_event);
    if (st == VELA_OK) {
        record_args args = { retain(e) };
        uint64_t seq;
        /* Backend 0: a marker, which must not wait for the stream's CUDA work to finish. */
        st = vl_enqueue(s, 0, record_task, release_args, &args, sizeof args, &seq);
        if (st == VELA_OK) {
            if (e->timeline != t) {
                vl_timeline_release(e->timeline);
                e->timeline = vl_timeline_retain(t);
            }
            e->seq = seq;
        } else {
            release(e);
        }
    }
    pthread_mutex_unlock(&e->mu);
    return st;
}

typedef struct wait_args {
    vela_event *event;
    vl_timeline *timeline;
    uint64_t seq;
} wait_args;

static vela_status wait_task(const vl_task_ctx *ctx)
{
    const wait_args *w = ctx->args;
    if (ctx->backend == VELA_BACKEND_CUDA) {
        /* Only the issue must be waited for here; the GPU orders the rest. */
        vl_timeline_wait_issued(w->timeline, w->seq);
        return w->event->gpu_recorded ? vl_gpu_stream_wait_event(ctx->gpu_stream, w->event->gpu_event)
                                      : VELA_OK;
    }
    return vl_timeline_wait_done(w->timeline, w->seq);
}

static void release_wait(void *args)
{
    wait_args *w = args;
    vl_timeline_release(w->timeline);
    release(w->event);
}

vela_status vela_stream_wait_event(vela_stream *s, vela_event *e)
{
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!e) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "event is NULL");
    pthread_mutex_lock(&e->mu);
    if (!e->timeline) {
        pthread_mutex_unlock(&e->mu);
        return VELA_OK;  /* never recorded: nothing to wait for, as in CUDA */
    }
    wait_args args = { retain(e), vl_timeline_retain(e->timeline), e->seq };
    bool gpu = e->gpu_event && vl_timeline_gpu_stream(vl_stream_timeline(s));
    pthread_mutex_unlock(&e->mu);
    vela_status st = vl_enqueue(s, gpu ? VELA_BACKEND_CUDA : 0, wait_task, release_wait, &args,
                                sizeof args, NULL);
    if (st != VELA_OK) release_wait(&args);
    return st;
}

static bool snapshot(vela_event *e, vl_timeline **t, uint64_t *seq)
{
    pthread_mutex_lock(&e->mu);
    *t = vl_timeline_retain(e->timeline);
    *seq = e->seq;
    pthread_mutex_unlock(&e->mu);
    return *t != NULL;
}

vela_status vela_event_sync(vela_event *e)
{
    if (!e) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "event is NULL");
    vl_timeline *t;
    uint64_t seq;
    if (!snapshot(e, &t, &seq)) return VELA_OK;
    vl_timeline_wait_issued(t, seq);
    vl_timeline_release(t);
    return e->gpu_recorded ? vl_gpu_event_sync(e->gpu_event) : VELA_OK;
}

vela_status vela_event_query(vela_event *e)
{
    if (!e) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "event is NULL");
    vl_timeline *t;
    uint64_t seq;
    if (!snapshot(e, &t, &seq)) return VELA_OK;
    int reached = vl_timeline_reached(t, seq);
    vl_timeline_release(t);
    if (!reached) return VELA_ERROR_NOT_READY;
    return e->gpu_recorded ? vl_gpu_event_query(e->gpu_event) : VELA_OK;
}

vela_status vela_event_elapsed_ms(vela_event *start, vela_event *end, float *ms)
{
    if (!start) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "start is NULL");
    if (!end) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "end is NULL");
    if (!ms) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "ms is NULL");
    if (!start->timeline || !end->timeline)
        return vl_fail(VELA_ERROR_INVALID_OPERATION, "%s was never recorded", start->timeline ? "end" : "start");
    vela_status st;
    if ((st = vela_event_sync(start)) != VELA_OK || (st = vela_event_sync(end)) != VELA_OK) return st;
    if (start->gpu_recorded && end->gpu_recorded) return vl_gpu_event_elapsed_ms(start->gpu_event, end->gpu_event, ms);
    *ms = (float)(end->stamp_ms - start->stamp_ms);
    return VELA_OK;
}
