#include "bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vela/scheduler.h>

#if BENCH_HAVE_CUDA
#include "peer_cuda.h"
#endif

/* --- names, errors, configuration ----------------------------------------------------------- */

static const char *const backend_names[BENCH_NUM_BACKENDS] = { "ref", "cpu", "cuda", "opencv", "npp", "copy", "auto" };

const char *bench_backend_name(bench_backend b)
{
    return b >= 0 && b < BENCH_NUM_BACKENDS ? backend_names[b] : "?";
}

/* AUTO too: without a GPU it has nothing to choose from. */
bool bench_backend_on_gpu(bench_backend b)
{
    return b == BENCH_CUDA || b == BENCH_NPP || b == BENCH_COPY || b == BENCH_AUTO;
}

static char last_error[BENCH_NOTE_MAX - 16];

int bench_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return -1;
}

const char *bench_last_error(void) { return last_error; }

static int vela_fail(vela_status st, const char *what)
{
    return bench_fail("%s: %s: %s", what, vela_status_name(st), vela_last_error_message());
}

void bench_config_default(bench_config *cfg, bool quick)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->batches = quick ? 5 : 11;
    cfg->min_batches = quick ? 3 : 7;
    cfg->batch_ms = quick ? 10.0 : 25.0;
    cfg->min_calls = 3;
    cfg->max_batch_ms = quick ? 25.0 : 50.0;
    cfg->cpu_pool_bytes = 64e6;
    cfg->gpu_pool_bytes = 128e6;
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++) cfg->enabled[b] = true;
}

double bench_image_bytes(vela_format format, int width, int height)
{
    double total = 0;
    for (int p = 0; p < vela_format_num_planes(format); p++) {
        int32_t rows, row_bytes;
        if (vela_format_plane_extent(format, width, height, p, NULL, &rows, &row_bytes) == VELA_OK)
            total += (double)rows * row_bytes;
    }
    return total;
}

/* --- timing --------------------------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* The host's monotonic clock; end first waits for `sync`'s work when there is a stream. */
typedef struct host_timer {
    vela_stream *sync;
    double t0;
} host_timer;

static int host_begin(void *ctx)
{
    ((host_timer *)ctx)->t0 = now_ms();
    return 0;
}

static int host_end(void *ctx, double *ms)
{
    host_timer *t = ctx;
    vela_status st;
    if (t->sync && (st = vela_stream_sync(t->sync)) != VELA_OK) return vela_fail(st, "vela_stream_sync");
    *ms = now_ms() - t->t0;
    return 0;
}

/* vela's events around the batch: CUDA events on a stream with CUDA, the GPU's own clock. */
typedef struct event_timer {
    vela_stream *stream;
    vela_event *start, *stop;
} event_timer;

static int event_begin(void *ctx)
{
    event_timer *t = ctx;
    vela_status st = vela_event_record(t->start, t->stream);
    return st == VELA_OK ? 0 : vela_fail(st, "vela_event_record");
}

static int event_end(void *ctx, double *ms)
{
    event_timer *t = ctx;
    vela_status st;
    float f;
    if ((st = vela_event_record(t->stop, t->stream)) != VELA_OK) return vela_fail(st, "vela_event_record");
    if ((st = vela_stream_sync(t->stream)) != VELA_OK) return vela_fail(st, "vela_stream_sync");
    if ((st = vela_event_elapsed_ms(t->start, t->stop, &f)) != VELA_OK) return vela_fail(st, "vela_event_elapsed_ms");
    *ms = f;
    return 0;
}

/* n calls rotating from *next; the batch's time in *ms. */
static int batch(const bench_timer *t, bench_call_fn call, void *ctx, int copies, int *next, int n, double *ms)
{
    if (t->begin(t->ctx)) return -1;
    for (int i = 0; i < n; i++) {
        int r = call(ctx, *next);
        *next = (*next + 1) % copies;
        if (r != 0) {
            double ignored;
            char saved[sizeof last_error];
            memcpy(saved, last_error, sizeof saved);
            t->end(t->ctx, &ignored);  /* drain what was queued */
            memcpy(last_error, saved, sizeof saved);
            return r;
        }
    }
    return t->end(t->ctx, ms);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define MAX_CALLS 100000
#define MAX_BATCHES 64

int bench_measure(const bench_config *cfg, const bench_timer *t, bench_call_fn call, void *ctx, int copies,
                  bench_stats *stats)
{
    int next = 0, r;
    double ms;
    /* Warm-up: every copy once, so first touches and allocations stay out of the timed region. */
    if ((r = batch(t, call, ctx, copies, &next, copies, &ms)) != 0) return r;
    /* Calibration: grow the batch until it lasts a quarter of the target. */
    int n = 1;
    for (;;) {
        if ((r = batch(t, call, ctx, copies, &next, n, &ms)) != 0) return r;
        if (ms >= cfg->batch_ms / 4 || n >= MAX_CALLS) break;
        double grow = ms > 0 ? cfg->batch_ms / 4 / ms * 1.5 : 16;
        n = (int)fmin(MAX_CALLS, n * fmin(16, fmax(2, grow)));
    }
    double per_call = ms / n;
    int calls = per_call > 0 ? (int)fmin(MAX_CALLS, fmax(1, ceil(cfg->batch_ms / per_call))) : MAX_CALLS;
    if (calls < cfg->min_calls && cfg->min_calls * per_call <= cfg->max_batch_ms) calls = cfg->min_calls;
    /* Slow calls (a large image on the reference): fewer batches keep the whole run short. */
    int batches = calls * per_call > cfg->max_batch_ms ? cfg->min_batches : cfg->batches;
    batches = batches < 1 ? 1 : batches > MAX_BATCHES ? MAX_BATCHES : batches;

    double times[MAX_BATCHES];
    for (int b = 0; b < batches; b++) {
        if ((r = batch(t, call, ctx, copies, &next, calls, &ms)) != 0) return r;
        times[b] = ms / calls;
    }
    qsort(times, (size_t)batches, sizeof times[0], compare_doubles);
    stats->outcome = BENCH_MEASURED;
    stats->median_ms = batches % 2 ? times[batches / 2] : (times[batches / 2 - 1] + times[batches / 2]) / 2;
    stats->min_ms = times[0];
    stats->max_ms = times[batches - 1];
    stats->calls_per_batch = calls;
    stats->batches = batches;
    return 0;
}

/* --- images --------------------------------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Deterministic pseudo-random pixels: bytes for integers and YUV, [-0.05, 1.05] for floats. */
static void fill_row(vela_format f, void *row, int32_t bytes, uint64_t *s)
{
    if (f == VELA_FORMAT_F32 || f == VELA_FORMAT_2F32) {
        float *p = row;
        for (int32_t i = 0; i < bytes / 4; i++) p[i] = (float)(rng_next(s) >> 40) / (float)(1 << 24) * 1.1f - 0.05f;
    } else if (f == VELA_FORMAT_F16) {
        uint16_t *p = row;  /* halves in [0, 1) */
        for (int32_t i = 0; i < bytes / 2; i++) p[i] = (uint16_t)(rng_next(s) % 0x3c00);
    } else {
        unsigned char *p = row;
        int32_t i = 0;
        for (; i + 8 <= bytes; i += 8) {
            uint64_t v = rng_next(s);
            memcpy(p + i, &v, 8);
        }
        for (uint64_t v = rng_next(s); i < bytes; i++, v >>= 8) p[i] = (unsigned char)v;
    }
}

static int fill_image(vela_image *img, uint64_t seed)
{
    vela_image_data d;
    vela_status st = vela_image_lock(img, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d);
    if (st != VELA_OK) return vela_fail(st, "vela_image_lock (filling an input)");
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int p = 0; p < d.num_planes; p++) {
        int32_t rows, row_bytes;
        vela_format_plane_extent(d.format, d.width, d.height, p, NULL, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++)
            fill_row(d.format, (char *)d.planes[p].data + (size_t)y * d.planes[p].pitch, row_bytes, &s);
    }
    if ((st = vela_image_unlock(img)) != VELA_OK) return vela_fail(st, "vela_image_unlock");
    return 0;
}

static int count_formats(const vela_format *f)
{
    int n = 0;
    while (n < BENCH_MAX_IMAGES && f[n] != VELA_FORMAT_INVALID) n++;
    return n;
}

static void destroy_io(bench_io *io, int copies)
{
    for (int i = 0; io && i < copies; i++)
        for (int k = 0; k < BENCH_MAX_IMAGES; k++) {
            vela_image_destroy(io[i].in[k]);
            vela_image_destroy(io[i].out[k]);
        }
    free(io);
}

void bench_out_size(const bench_case *c, int width, int height, int *out_width, int *out_height)
{
    int num = c->out_scale_num > 0 ? c->out_scale_num : 1, den = c->out_scale_den > 0 ? c->out_scale_den : 1;
    *out_width = (int)(((long long)width * num + den - 1) / den);
    *out_height = (int)(((long long)height * num + den - 1) / den);
}

static bench_io *create_io(const bench_case *c, int w, int h, int copies, uint32_t backends)
{
    bench_io *io = calloc((size_t)copies, sizeof *io);
    if (!io) {
        bench_fail("out of memory");
        return NULL;
    }
    int nin = count_formats(c->in), nout = count_formats(c->out), ow, oh;
    bench_out_size(c, w, h, &ow, &oh);
    for (int i = 0; i < copies; i++) {
        for (int k = 0; k < nin + nout; k++) {
            vela_image **img = k < nin ? &io[i].in[k] : &io[i].out[k - nin];
            vela_format f = k < nin ? c->in[k] : c->out[k - nin];
            vela_status st = k < nin ? vela_image_create(w, h, f, backends, img)
                                     : vela_image_create(ow, oh, f, backends, img);
            if (st != VELA_OK || (k < nin && fill_image(*img, (uint64_t)i * BENCH_MAX_IMAGES + k + 1))) {
                if (st != VELA_OK) vela_fail(st, "vela_image_create");
                destroy_io(io, copies);
                return NULL;
            }
        }
    }
    return io;
}

/* Locks every image of every copy on one side for a peer: inputs to read, outputs to write. */
static void unlock_all(bench_io *io, int copies)
{
    for (int i = 0; i < copies; i++)
        for (int k = 0; k < BENCH_MAX_IMAGES; k++) {
            if (io[i].in[k] && io[i].in_data[k].num_planes) vela_image_unlock(io[i].in[k]);
            if (io[i].out[k] && io[i].out_data[k].num_planes) vela_image_unlock(io[i].out[k]);
            memset(&io[i].in_data[k], 0, sizeof io[i].in_data[k]);
            memset(&io[i].out_data[k], 0, sizeof io[i].out_data[k]);
        }
}

static int lock_all(bench_io *io, int copies, vela_buffer side)
{
    for (int i = 0; i < copies; i++)
        for (int k = 0; k < BENCH_MAX_IMAGES; k++) {
            vela_status st = VELA_OK;
            if (io[i].in[k]) st = vela_image_lock(io[i].in[k], VELA_LOCK_READ, side, &io[i].in_data[k]);
            if (st == VELA_OK && io[i].out[k])
                st = vela_image_lock(io[i].out[k], VELA_LOCK_WRITE, side, &io[i].out_data[k]);
            if (st != VELA_OK) {
                vela_fail(st, "vela_image_lock");
                unlock_all(io, copies);
                return -1;
            }
        }
    return 0;
}

/* Makes every input current on the device before CUDA is timed: a lock copies it there. */
static int upload_inputs(bench_io *io, int copies)
{
    for (int i = 0; i < copies; i++)
        for (int k = 0; k < BENCH_MAX_IMAGES && io[i].in[k]; k++) {
            vela_image_data d;
            vela_status st = vela_image_lock(io[i].in[k], VELA_LOCK_READ, VELA_BUFFER_CUDA, &d);
            if (st != VELA_OK) return vela_fail(st, "vela_image_lock (uploading an input)");
            if ((st = vela_image_unlock(io[i].in[k])) != VELA_OK) return vela_fail(st, "vela_image_unlock");
        }
    return 0;
}

/* --- one case ------------------------------------------------------------------------------- */

typedef struct run {
    const bench_case *c;
    vela_stream *stream;
    void *cuda_stream;
    bench_io *io;
    vela_backend backend;
} run;

static int call_vela(void *ctx, int i)
{
    const run *r = ctx;
    vela_status st = r->c->submit(r->c, r->stream, r->backend, &r->io[i]);
    return st == VELA_OK ? 0 : vela_fail(st, "submit");
}

static int call_opencv(void *ctx, int i)
{
    const run *r = ctx;
    return r->c->opencv(r->c, &r->io[i]);
}

static int call_npp(void *ctx, int i)
{
    const run *r = ctx;
    return r->c->npp(r->c, &r->io[i], r->cuda_stream);
}

static void skip(bench_stats *s, const char *why)
{
    s->outcome = BENCH_SKIPPED;
    snprintf(s->note, sizeof s->note, "%s", why);
}

const char *bench_backend_unavailable(bench_backend b)
{
    bool gpu = vela_backend_available(VELA_BACKEND_CUDA);
#if !BENCH_HAVE_CUDA
    if (bench_backend_on_gpu(b)) return "built without CUDA";
#endif
    if (bench_backend_on_gpu(b) && !gpu) return "no CUDA device";
#if !BENCH_HAVE_NPP
    if (b == BENCH_NPP) return "built without NPP";
#endif
#if !BENCH_HAVE_OPENCV
    if (b == BENCH_OPENCV) return "built without OpenCV";
#endif
    return NULL;
}

static void sample_device_memory(bench_row *row)
{
#if BENCH_HAVE_CUDA
    row->device_used_bytes = fmax(row->device_used_bytes, peer_cuda_memory_used());
#else
    (void)row;
#endif
}

/* The scheduler's predictions and choices over AUTO's last calls. */
static void read_decisions(vela_stream *stream, bench_row *row)
{
    vela_decision d[64];
    int32_t n = 0;
    row->predicted_ms[0] = row->predicted_ms[1] = -1;
    if (vela_stream_get_decisions(stream, d, 64, &n) != VELA_OK || n == 0) return;
    double sum[2] = { 0, 0 }, cuda = 0;
    int counted[2] = { 0, 0 };
    for (int32_t i = 0; i < n; i++) {
        for (int b = 0; b < 2; b++)
            if (d[i].predicted_ms[b] >= 0) sum[b] += d[i].predicted_ms[b], counted[b]++;
        cuda += d[i].chosen == VELA_BACKEND_CUDA;
    }
    for (int b = 0; b < 2; b++) row->predicted_ms[b] = counted[b] ? sum[b] / counted[b] : -1;
    row->auto_cuda_share = cuda / n;
}

double bench_prediction_error(const bench_row *row, bench_backend b)
{
    double p = b == BENCH_CPU ? row->predicted_ms[0] : b == BENCH_CUDA ? row->predicted_ms[1] : -1;
    const bench_stats *s = &row->stats[b];
    if (p < 0 || s->outcome != BENCH_MEASURED || s->median_ms <= 0) return -1;
    return fabs(p - s->median_ms) / s->median_ms;
}

double bench_auto_regret(const bench_row *row)
{
    const bench_stats *a = &row->stats[BENCH_AUTO], *c = &row->stats[BENCH_CPU], *g = &row->stats[BENCH_CUDA];
    if (a->outcome != BENCH_MEASURED) return -1;
    double best = -1;
    if (c->outcome == BENCH_MEASURED) best = c->median_ms;
    if (g->outcome == BENCH_MEASURED && (best < 0 || g->median_ms < best)) best = g->median_ms;
    return best > 0 ? a->median_ms / best - 1 : -1;
}

/* Times backend b on the prepared copies. */
static int measure_one(const bench_config *cfg, bench_backend b, run *r, int copies, bench_row *row,
                       bench_stats *s)
{
    int rc = -1;
    host_timer host = { NULL, 0 };
    bench_timer timer = { host_begin, host_end, &host };
    switch (b) {
    case BENCH_REF:
    case BENCH_CPU: {
        /* Read by vela on every submission; nothing is in flight while it changes. */
        if (b == BENCH_REF) setenv("VELA_CPU_KERNELS", "ref", 1);
        else unsetenv("VELA_CPU_KERNELS");
        vela_scheduler_freeze(b == BENCH_REF);  /* the scheduler learns what NEON does, not C */
        host.sync = r->stream;
        r->backend = VELA_BACKEND_CPU;
        rc = bench_measure(cfg, &timer, call_vela, r, copies, s);
        unsetenv("VELA_CPU_KERNELS");
        vela_scheduler_freeze(0);
        break;
    }

    case BENCH_OPENCV:
        if (!r->c->opencv) return BENCH_UNSUPPORTED;
        if (lock_all(r->io, copies, VELA_BUFFER_HOST)) return -1;
        rc = bench_measure(cfg, &timer, call_opencv, r, copies, s);
        unlock_all(r->io, copies);
        break;
    case BENCH_CUDA:
    case BENCH_AUTO: {
        /* AUTO is timed as CUDA is, by vela's events (CUDA events also span the CPU's work on a
         * stream that has both), with its inputs current on both sides. */
        event_timer ev = { r->stream, NULL, NULL };
        vela_status st;
        if ((st = vela_event_create(&ev.start)) != VELA_OK || (st = vela_event_create(&ev.stop)) != VELA_OK) {
            vela_event_destroy(ev.start);
            return vela_fail(st, "vela_event_create");
        }
        r->backend = b == BENCH_AUTO ? VELA_BACKEND_AUTO : VELA_BACKEND_CUDA;
        bench_timer events = { event_begin, event_end, &ev };
        rc = upload_inputs(r->io, copies);
        if (rc == 0) rc = bench_measure(cfg, &events, call_vela, r, copies, s);
        if (rc == 0 && b == BENCH_AUTO) read_decisions(r->stream, row);
        sample_device_memory(row);
        vela_event_destroy(ev.start);
        vela_event_destroy(ev.stop);
        break;
    }
#if BENCH_HAVE_CUDA
    case BENCH_NPP:
        if (!r->c->npp) return BENCH_UNSUPPORTED;
        if (peer_cuda_timer_create(r->cuda_stream, &timer)) return -1;
        if (lock_all(r->io, copies, VELA_BUFFER_CUDA) == 0) {
            rc = bench_measure(cfg, &timer, call_npp, r, copies, s);
            sample_device_memory(row);
            unlock_all(r->io, copies);
        }
        peer_cuda_timer_destroy(&timer);
        break;
    case BENCH_COPY: {
        /* As many bytes as the case reads and writes: half read, half written, in image rows. */
        size_t row_bytes = (size_t)ceil(row->bytes / 2 / row->height);
        peer_cuda_copy *copy;
        if (peer_cuda_timer_create(r->cuda_stream, &timer)) return -1;
        if (peer_cuda_copy_create(copies, row_bytes, row->height, r->cuda_stream, &copy) == 0) {
            rc = bench_measure(cfg, &timer, peer_cuda_copy_call, copy, copies, s);
            sample_device_memory(row);
            peer_cuda_copy_destroy(copy);
        }
        peer_cuda_timer_destroy(&timer);
        break;
    }
#endif
    default:
        (void)call_npp;
        return bench_fail("backend %s is not built in", bench_backend_name(b));
    }
    return rc;
}

int bench_run_case(const bench_config *cfg, vela_stream *stream, const bench_family *family, const bench_case *c,
                   int width, int height, bench_row *row)
{
    memset(row, 0, sizeof *row);
    row->predicted_ms[0] = row->predicted_ms[1] = -1;
    row->family = family;
    row->c = c;
    row->width = width;
    row->height = height;
    int ow, oh;
    bench_out_size(c, width, height, &ow, &oh);
    for (int k = 0; k < count_formats(c->in); k++) row->bytes += bench_image_bytes(c->in[k], width, height);
    for (int k = 0; k < count_formats(c->out); k++) row->bytes += bench_image_bytes(c->out[k], ow, oh);

    bool any_gpu = false, any = false;
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++) {
        const char *why = cfg->enabled[b] ? bench_backend_unavailable((bench_backend)b) : "not asked for";
        if (why) skip(&row->stats[b], why);
        else any = true, any_gpu |= bench_backend_on_gpu((bench_backend)b);
    }
    if (!any) return 0;

    /* Enough copies to rotate through more memory than the caches hold, and at least two. */
    double pool = any_gpu ? cfg->gpu_pool_bytes : cfg->cpu_pool_bytes;
    double want = row->bytes > 0 ? ceil(pool / row->bytes) : 2;
    row->copies = (int)fmin(1024, fmax(2, want));

    run r = { c, stream, NULL, NULL, VELA_BACKEND_CPU };
    if (any_gpu) {
        vela_status st = vela_stream_get_cuda_stream(stream, &r.cuda_stream);
        if (st != VELA_OK) {
            vela_fail(st, "vela_stream_get_cuda_stream");
            goto setup_failed;
        }
    }
    r.io = create_io(c, width, height, row->copies, VELA_BACKEND_CPU | (any_gpu ? VELA_BACKEND_CUDA : 0));
    if (!r.io) goto setup_failed;

    /* Host backends first while the host copies are current, then the device's. */
    static const bench_backend order[BENCH_NUM_BACKENDS] = { BENCH_REF, BENCH_CPU, BENCH_OPENCV, BENCH_CUDA,
                                                             BENCH_NPP, BENCH_COPY, BENCH_AUTO };
    for (int i = 0; i < BENCH_NUM_BACKENDS; i++) {
        bench_backend b = order[i];
        bench_stats *s = &row->stats[b];
        if (s->outcome == BENCH_SKIPPED && s->note[0]) continue;
        int rc = measure_one(cfg, b, &r, row->copies, row, s);
        if (rc == BENCH_UNSUPPORTED) {
            s->outcome = BENCH_NO_EQUIVALENT;
            snprintf(s->note, sizeof s->note, "no equivalent");
        } else if (rc != 0) {
            s->outcome = BENCH_FAILED;
            snprintf(s->note, sizeof s->note, "%s", bench_last_error());
            vela_stream_sync(stream);  /* clear a sticky error before the next backend */
        }
    }
    destroy_io(r.io, row->copies);
    return 0;

setup_failed:
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++)
        if (!row->stats[b].note[0]) {
            row->stats[b].outcome = BENCH_FAILED;
            snprintf(row->stats[b].note, sizeof row->stats[b].note, "setup: %s", bench_last_error());
        }
    return -1;
}
