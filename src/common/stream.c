#include "common/stream.h"

#include "common/gpu.h"
#include "common/image.h"
#include "common/scheduler.h"
#include "common/status.h"
#include "common/thread_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Tasks live in a ring of fixed slots, so submitting allocates nothing; a full ring makes the
 * submitter wait, which also bounds how far a producer can run ahead of the backends. */
#define QUEUE_CAPACITY 64
_Static_assert(VL_MAX_OPERANDS + 1 <= QUEUE_CAPACITY / 2, "a submission must fit in a half-empty ring");
/* Decisions kept for vela_stream_get_decisions, and CUDA runs awaiting their timing events. */
#define DECISIONS 256
#define GPU_TIMINGS 128
/* One CUDA run in this many is timed: two event records per run would cost more than a small
 * kernel takes, and the scheduler learns as well from a sample. */
#define GPU_TIMING_EVERY 4

/* What the scheduler predicted for an algorithm's task, to compare with its measured run. */
typedef struct measure {
    bool wanted;
    uint64_t decision;
    vl_cost cost;
    vl_prediction predicted;
} measure;

typedef struct task {
    vl_task_fn fn;
    vl_release_fn release;
    vela_backend backend;
    uint64_t seq;
    int num_operands;
    vela_image *operands[VL_MAX_OPERANDS];
    measure measure;
    _Alignas(16) unsigned char args[VL_TASK_ARGS_MAX];
} task;

/* A CUDA run between two events, read once the GPU has passed the second. */
typedef struct gpu_timing {
    measure measure;
    void *start, *end;
} gpu_timing;

struct vela_stream {
    uint32_t backends;
    vl_timeline *timeline;
    pthread_t worker;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    task slots[QUEUE_CAPACITY];
    int head, count;
    /* Handoffs cost more than a small task: the worker is signalled only while it waits, and
     * submitters blocked on a full ring are woken once it is half empty, not after every task. */
    bool worker_waiting;
    int room_waiters;
    uint64_t last_seq;
    bool quit;
    vela_status sticky;
    char sticky_message[512];
    bool gpu_pending;          /* worker only: CUDA work issued since the last CUDA sync */
    uint64_t gpu_runs;         /* worker only: CUDA algorithm tasks run, for sampling their timing */
    vela_decision decisions[DECISIONS];
    uint64_t num_decisions;
    gpu_timing timings[GPU_TIMINGS];  /* a FIFO guarded by mu, in the order the GPU ends them */
    int timings_head, timings_pending;
    double ready_ms;                  /* when its booked work should end: the scheduler's view */
    vela_parallel_for parallel_for;
    void *parallel_user;
    int32_t parallel_threads;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* A measured run: into the decision (if still kept), the scheduler's learning and the log. */
static void record_measurement(vela_stream *s, const measure *m, int backend, double ms)
{
    pthread_mutex_lock(&s->mu);
    vela_decision *d = NULL;
    if (m->decision + DECISIONS >= s->num_decisions) {
        d = &s->decisions[m->decision % DECISIONS];
        d->measured_ms = ms;
    }
    pthread_mutex_unlock(&s->mu);
    vl_scheduler_learn(&m->cost, backend, &m->predicted, ms);
    if (vl_sched_log_enabled())
        fprintf(stderr, "vela sched: %s measured %.3f ms on %s (predicted %.3f)\n", m->cost.algorithm, ms,
                backend == VL_CUDA ? "CUDA" : "CPU", m->predicted.run_ms);
}

/* Reads the CUDA timings that are done, oldest first: the GPU ends a stream's work in order, so the
 * first one not done ends the scan (with `wait`, all are read). Caller holds s->mu, which is
 * released around record_measurement. */
static void harvest_gpu_timings(vela_stream *s, bool wait)
{
    while (s->timings_pending > 0) {
        gpu_timing *g = &s->timings[s->timings_head];
        if (wait) vl_gpu_event_sync(g->end);
        else if (vl_gpu_event_query(g->end) != VELA_OK) break;
        float ms = -1;
        vl_gpu_event_elapsed_ms(g->start, g->end, &ms);
        s->timings_head = (s->timings_head + 1) % GPU_TIMINGS;
        s->timings_pending--;
        measure m = g->measure;
        pthread_mutex_unlock(&s->mu);
        record_measurement(s, &m, VL_CUDA, ms);
        pthread_mutex_lock(&s->mu);
    }
}

static vela_status run_task(vela_stream *s, task *t)
{
    vela_status st;
    if (t->backend == VELA_BACKEND_CPU && s->gpu_pending) {
        s->gpu_pending = false;
        if ((st = vl_gpu_stream_sync(vl_timeline_gpu_stream(s->timeline))) != VELA_OK) return st;
    }
    vl_task_ctx ctx = { .args = t->args, .backend = t->backend, .stream = s,
                        .gpu_stream = vl_timeline_gpu_stream(s->timeline) };
    for (int i = 0; i < t->num_operands; i++) vl_image_side_data(t->operands[i], t->backend, &ctx.data[i]);

    gpu_timing *timing = NULL;
    if (t->measure.wanted && t->backend == VELA_BACKEND_CUDA && s->gpu_runs++ % GPU_TIMING_EVERY == 0) {
        pthread_mutex_lock(&s->mu);
        if (s->timings_pending == GPU_TIMINGS) harvest_gpu_timings(s, true);  /* all slots in use */
        timing = &s->timings[(s->timings_head + s->timings_pending) % GPU_TIMINGS];
        pthread_mutex_unlock(&s->mu);
        if ((!timing->start && vl_gpu_event_create(&timing->start) != VELA_OK) ||
            (!timing->end && vl_gpu_event_create(&timing->end) != VELA_OK) ||
            vl_gpu_event_record(timing->start, ctx.gpu_stream) != VELA_OK)
            timing = NULL;  /* run unmeasured */
    }
    double t0 = now_ms();
    st = t->fn(&ctx);
    if (t->backend == VELA_BACKEND_CUDA) s->gpu_pending = true;
    if (st != VELA_OK || !t->measure.wanted) return st;
    if (t->backend == VELA_BACKEND_CPU) {
        record_measurement(s, &t->measure, VL_CPU, now_ms() - t0);
    } else if (timing && vl_gpu_event_record(timing->end, ctx.gpu_stream) == VELA_OK) {
        pthread_mutex_lock(&s->mu);
        timing->measure = t->measure;
        s->timings_pending++;
        pthread_mutex_unlock(&s->mu);
    }
    return st;
}

static void *worker_main(void *arg)
{
    vela_stream *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        if (s->timings_pending) harvest_gpu_timings(s, false);
        while (s->count == 0 && !s->quit) {
            s->worker_waiting = true;
            pthread_cond_wait(&s->not_empty, &s->mu);
            s->worker_waiting = false;
        }
        if (s->count == 0) {
            pthread_mutex_unlock(&s->mu);
            return NULL;
        }
        task *t = &s->slots[s->head];
        bool skip = s->sticky != VELA_OK;  /* after an error, later work would read garbage */
        pthread_mutex_unlock(&s->mu);

        vela_status st = skip ? VELA_OK : run_task(s, t);
        if (t->release) t->release(t->args);
        uint64_t seq = t->seq;

        pthread_mutex_lock(&s->mu);
        if (st != VELA_OK && s->sticky == VELA_OK) {
            s->sticky = st;
            strncpy(s->sticky_message, vela_last_error_message(), sizeof s->sticky_message - 1);
        }
        s->head = (s->head + 1) % QUEUE_CAPACITY;
        s->count--;
        if (s->room_waiters && s->count <= QUEUE_CAPACITY / 2) pthread_cond_broadcast(&s->not_full);
        pthread_mutex_unlock(&s->mu);
        vl_timeline_advance(s->timeline, seq);
    }
}

vela_status vela_stream_create(uint32_t backends, vela_stream **stream)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream (the output pointer) is NULL");
    *stream = NULL;
    if (backends & ~(uint32_t)VELA_BACKEND_ALL)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "backends 0x%x has bits other than CPU and CUDA", backends);
    if (backends == 0) backends = VELA_BACKEND_CPU | (vl_gpu_present() ? VELA_BACKEND_CUDA : 0);
    if ((backends & VELA_BACKEND_CUDA) && !vl_gpu_present())
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backends asks for CUDA, which is not available here");

    vela_stream *s = calloc(1, sizeof *s);
    if (!s) return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating a stream");
    void *gpu_stream = NULL;
    vela_status st;
    if ((backends & VELA_BACKEND_CUDA) && (st = vl_gpu_stream_create(&gpu_stream)) != VELA_OK) {
        free(s);
        return st;
    }
    s->timeline = vl_timeline_create(gpu_stream);
    if (!s->timeline) {
        vl_gpu_stream_destroy(gpu_stream);
        free(s);
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating a stream");
    }
    s->backends = backends;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->not_empty, NULL);
    pthread_cond_init(&s->not_full, NULL);
    if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
        vl_timeline_release(s->timeline);
        free(s);
        return vl_fail(VELA_ERROR_BACKEND_FAILURE, "could not start the stream's worker thread");
    }
    *stream = s;
    return VELA_OK;
}

void vela_stream_destroy(vela_stream *s)
{
    if (!s) return;
    vela_stream_sync(s);
    pthread_mutex_lock(&s->mu);
    s->quit = true;
    pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->worker, NULL);
    for (int i = 0; i < GPU_TIMINGS; i++) {
        vl_gpu_event_destroy(s->timings[i].start);
        vl_gpu_event_destroy(s->timings[i].end);
    }
    vl_timeline_release(s->timeline);
    pthread_cond_destroy(&s->not_full);
    pthread_cond_destroy(&s->not_empty);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

vela_status vela_stream_sync(vela_stream *s)
{
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    pthread_mutex_lock(&s->mu);
    uint64_t seq = s->last_seq;
    pthread_mutex_unlock(&s->mu);
    vela_status gpu = vl_timeline_wait_done(s->timeline, seq);

    pthread_mutex_lock(&s->mu);
    if (s->timings_pending && gpu == VELA_OK) harvest_gpu_timings(s, true);
    vela_status st = s->sticky;
    char message[sizeof s->sticky_message];
    memcpy(message, s->sticky_message, sizeof message);
    s->sticky = VELA_OK;
    pthread_mutex_unlock(&s->mu);
    if (st != VELA_OK) {
        vl_set_message(message);
        return st;
    }
    return gpu;  /* an asynchronous CUDA failure; its message is already set */
}

vela_status vela_stream_get_cuda_stream(vela_stream *s, void **cuda_stream)
{
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!cuda_stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cuda_stream is NULL");
    *cuda_stream = vl_timeline_gpu_stream(s->timeline);
    if (!*cuda_stream) return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "stream has no CUDA backend");
    return VELA_OK;
}

vela_status vela_stream_set_parallel_for(vela_stream *s, vela_parallel_for fn, void *user, int32_t max_threads)
{
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (fn && max_threads <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "max_threads %d must be > 0", max_threads);
    /* Taken by the worker between tasks, so the switch lands at a task boundary. */
    vela_stream_sync(s);
    s->parallel_for = fn;
    s->parallel_user = user;
    s->parallel_threads = fn ? max_threads : 0;
    return VELA_OK;
}

vela_status vela_stream_get_decisions(vela_stream *s, vela_decision *out, int32_t capacity, int32_t *count)
{
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!count) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "count is NULL");
    if (capacity < 0 || (capacity > 0 && !out))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "decisions is NULL or capacity %d is negative", capacity);
    pthread_mutex_lock(&s->mu);
    if (s->timings_pending) harvest_gpu_timings(s, false);
    uint64_t kept = s->num_decisions < DECISIONS ? s->num_decisions : DECISIONS;
    uint64_t n = kept < (uint64_t)capacity ? kept : (uint64_t)capacity;
    for (uint64_t i = 0; i < n; i++) out[i] = s->decisions[(s->num_decisions - n + i) % DECISIONS];
    *count = (int32_t)n;
    pthread_mutex_unlock(&s->mu);
    return VELA_OK;
}

vl_timeline *vl_stream_timeline(vela_stream *s) { return s->timeline; }
uint32_t vl_stream_backends(const vela_stream *s) { return s->backends; }

uint64_t vl_stream_last_seq(vela_stream *s)
{
    pthread_mutex_lock(&s->mu);
    uint64_t seq = s->last_seq;
    pthread_mutex_unlock(&s->mu);
    return seq;
}

/* Appends a task; the caller holds s->mu and has made room. */
static uint64_t push(vela_stream *s, vela_backend backend, vl_task_fn fn, vl_release_fn release,
                     const void *args, size_t args_size, vela_image *const *operands, int num_operands)
{
    task *t = &s->slots[(s->head + s->count) % QUEUE_CAPACITY];
    t->measure.wanted = false;
    t->fn = fn;
    t->release = release;
    t->backend = backend;
    t->seq = ++s->last_seq;
    t->num_operands = num_operands;
    for (int i = 0; i < num_operands; i++) t->operands[i] = operands[i];
    if (args_size) memcpy(t->args, args, args_size);
    s->count++;
    return t->seq;
}

static void wait_for_room(vela_stream *s, int needed)
{
    while (s->count + needed > QUEUE_CAPACITY) {  /* needed <= QUEUE_CAPACITY / 2 */
        s->room_waiters++;
        pthread_cond_wait(&s->not_full, &s->mu);
        s->room_waiters--;
    }
}

vela_status vl_enqueue(vela_stream *s, vela_backend backend, vl_task_fn fn, vl_release_fn release,
                       const void *args, size_t args_size, uint64_t *seq)
{
    if (args_size > VL_TASK_ARGS_MAX) return vl_fail(VELA_ERROR_INTERNAL, "task arguments too large");
    pthread_mutex_lock(&s->mu);
    wait_for_room(s, 1);
    uint64_t n = push(s, backend, fn, release, args, args_size, NULL, 0);
    if (s->worker_waiting) pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->mu);
    if (seq) *seq = n;
    return VELA_OK;
}

static vela_status copy_task(const vl_task_ctx *ctx)
{
    vela_image *img = *(vela_image *const *)ctx->args;
    return vl_image_copy(img, VELA_BACKEND_CUDA, ctx->gpu_stream);
}

static vela_status download_task(const vl_task_ctx *ctx)
{
    vela_image *img = *(vela_image *const *)ctx->args;
    return vl_image_copy(img, VELA_BACKEND_CPU, ctx->gpu_stream);
}

static vela_status check_backend(const vela_stream *s, vela_backend backend)
{
    if (backend != VELA_BACKEND_CPU && backend != VELA_BACKEND_CUDA && backend != VELA_BACKEND_AUTO)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "backend 0x%x is not one of VELA_BACKEND_CPU, VELA_BACKEND_CUDA, VELA_BACKEND_AUTO",
                       (unsigned)backend);
    if (backend == VELA_BACKEND_CUDA && !vl_gpu_present())
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backend is CUDA, which is not available here");
    if (backend != VELA_BACKEND_AUTO && !(s->backends & backend))
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backend is %s, but the stream was created without it",
                       vela_backend_name(backend));
    return VELA_OK;
}

vela_status vl_submit(vela_stream *s, vela_backend backend, const vl_operand *ops, int nops,
                      const vl_cost *cost, vl_task_fn fn, const void *args, size_t args_size)
{
    vela_status st;
    if (!s) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if ((st = check_backend(s, backend)) != VELA_OK) return st;
    if (nops > VL_MAX_OPERANDS || args_size > VL_TASK_ARGS_MAX)
        return vl_fail(VELA_ERROR_INTERNAL, "task too large (%d operands, %zu bytes)", nops, args_size);
    /* What could run it: the stream's backends that every operand allows. AUTO picks among them;
     * for an explicit backend they are still predicted, to explain the choice. */
    uint32_t possible = s->backends;
    for (int i = 0; i < nops; i++) {
        if ((st = vl_image_check_usable(ops[i].image, ops[i].name, 0)) != VELA_OK) return st;
        possible &= vl_image_backends(ops[i].image);
    }
    if (backend == VELA_BACKEND_AUTO && !possible)
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "no backend is allowed by both the stream and every image");
    vela_decision decision;
    vl_prediction predicted;
    vela_backend requested = backend;
    pthread_mutex_lock(&s->mu);
    double ready = s->ready_ms;
    pthread_mutex_unlock(&s->mu);
    backend = vl_schedule(requested, possible, ops, nops, cost, &ready, &decision, &predicted);
    for (int i = 0; i < nops; i++)
        if ((st = vl_image_check_usable(ops[i].image, ops[i].name, backend)) != VELA_OK) return st;
    for (int i = 0; i < nops; i++)
        if ((st = vl_image_prepare(ops[i].image, backend)) != VELA_OK) return st;

    vela_image *images[VL_MAX_OPERANDS];
    pthread_mutex_lock(&s->mu);
    wait_for_room(s, nops + 1);
    for (int i = 0; i < nops; i++) {
        images[i] = ops[i].image;
        if (vl_image_stage(ops[i].image, backend, ops[i].access)) {
            /* Copies run on the CUDA stream whichever way they go; a CPU task after them waits. */
            vl_task_fn copy = backend == VELA_BACKEND_CUDA ? copy_task : download_task;
            push(s, VELA_BACKEND_CUDA, copy, NULL, &images[i], sizeof images[i], NULL, 0);
        }
    }
    uint64_t seq = push(s, backend, fn, NULL, args, args_size, images, nops);
    task *t = &s->slots[(s->head + s->count - 1) % QUEUE_CAPACITY];
    s->ready_ms = ready;
    if (cost) {
        t->measure = (measure){ true, s->num_decisions, *cost, predicted };
        s->decisions[s->num_decisions++ % DECISIONS] = decision;
    }
    for (int i = 0; i < nops; i++) vl_image_set_last(images[i], s->timeline, seq);
    if (s->worker_waiting) pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->mu);
    return VELA_OK;
}

typedef struct bands {
    vl_band_fn fn;
    const void *arg;
    int32_t rows, per_band;
} bands;

static void run_band(void *ctx, int32_t index)
{
    const bands *b = ctx;
    int32_t y0 = index * b->per_band;
    int32_t y1 = y0 + b->per_band < b->rows ? y0 + b->per_band : b->rows;
    if (y0 < y1) b->fn(b->arg, y0, y1);
}

/* A band should move at least this much, or waking a thread costs more than it saves. */
#define MIN_BAND_BYTES (64.0 * 1024.0)
/* Bands per thread, where there is enough to move: the pool hands them out as threads ask, so a
 * thread that wakes late or loses its core to another process holds up a quarter of its share,
 * which the others take over, instead of all of it. */
#define BANDS_PER_THREAD 4

void vl_run_bands(const vl_task_ctx *ctx, int32_t rows, int32_t row_align, double bytes_per_row,
                  vl_band_fn fn, const void *arg)
{
    const vela_stream *s = ctx->stream;
    int32_t threads = s && s->parallel_for ? s->parallel_threads : vela_num_threads();
    int32_t units = (rows + row_align - 1) / row_align;
    double by_bytes = bytes_per_row * rows / MIN_BAND_BYTES;
    int32_t n = threads > 1 ? threads * BANDS_PER_THREAD : 1;
    if (n > units) n = units;
    if (n > by_bytes) n = (int32_t)by_bytes;
    if (n < 1) n = 1;
    if (n == 1) {
        fn(arg, 0, rows);
        return;
    }
    bands b = { fn, arg, rows, (units + n - 1) / n * row_align };
    n = (rows + b.per_band - 1) / b.per_band;
    if (s && s->parallel_for) s->parallel_for(n, run_band, &b, s->parallel_user);
    else vl_pool_run(n, run_band, &b);
}
