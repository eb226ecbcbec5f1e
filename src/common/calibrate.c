/* Calibration: microbenchmarks that measure this machine for the scheduler's profile, each a few
 * milliseconds, the whole well under a second. The CPU's op rates are measured with the same
 * NEON intrinsics (SIMDe on x86) that vela's kernels use, so they are the rates those kernels see. */
#include <vela/scheduler.h>
#include <vela/stream.h>

#include "common/gpu.h"
#include "common/scheduler.h"
#include "common/status.h"
#include "common/stream.h"
#include "common/thread_pool.h"

#if VELA_HAVE_NEON
#include "cpu/neon.h"
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TARGET_SECONDS 0.004
#define COPY_BYTES (32u << 20)

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Keeps results alive so that the compiler cannot drop the loops. */
static volatile float sink_f;
static volatile int32_t sink_i;

/* 64 f32 operations (a multiply and an add on 8 vectors of 4) per iteration. */
static void f32_loop(int64_t iterations)
{
#if VELA_HAVE_NEON
    float32x4_t a[8], m = vdupq_n_f32(0.999f), c = vdupq_n_f32(0.001f);
    for (int k = 0; k < 8; k++) a[k] = vdupq_n_f32(1.0f + k);
    for (int64_t i = 0; i < iterations; i++)
        for (int k = 0; k < 8; k++) a[k] = vaddq_f32(vmulq_f32(a[k], m), c);
    float32x4_t s = a[0];
    for (int k = 1; k < 8; k++) s = vaddq_f32(s, a[k]);
    sink_f = vgetq_lane_f32(s, 0);
#else
    float a[32];
    for (int k = 0; k < 32; k++) a[k] = 1.0f + k;
    for (int64_t i = 0; i < iterations; i++)
        for (int k = 0; k < 32; k++) a[k] = a[k] * 0.999f + 0.001f;
    sink_f = a[0] + a[31];
#endif
}

/* 128 integer operations (a 16-bit multiply-accumulate on 8 vectors of 8 lanes) per iteration. */
static void int_loop(int64_t iterations)
{
#if VELA_HAVE_NEON
    int16x8_t a[8], m = vdupq_n_s16(3), c = vdupq_n_s16(7);
    for (int k = 0; k < 8; k++) a[k] = vdupq_n_s16((int16_t)k);
    for (int64_t i = 0; i < iterations; i++)
        for (int k = 0; k < 8; k++) a[k] = vmlaq_s16(c, a[k], m);
    int16x8_t s = a[0];
    for (int k = 1; k < 8; k++) s = vaddq_s16(s, a[k]);
    sink_i = vgetq_lane_s16(s, 0);
#else
    int16_t a[64];
    for (int k = 0; k < 64; k++) a[k] = (int16_t)k;
    for (int64_t i = 0; i < iterations; i++)
        for (int k = 0; k < 64; k++) a[k] = (int16_t)(a[k] * 3 + 7);
    sink_i = a[0] + a[63];
#endif
}

/* 8 special operations (square roots) per iteration. */
static void special_loop(int64_t iterations)
{
    float a[8];
    for (int k = 0; k < 8; k++) a[k] = 2.0f + k;
    for (int64_t i = 0; i < iterations; i++)
        for (int k = 0; k < 8; k++) a[k] = sqrtf(a[k] + 1.0f);
    sink_f = a[0] + a[7];
}

typedef struct loop_job {
    void (*loop)(int64_t);
    int64_t iterations;
} loop_job;

static void run_loop(void *ctx, int32_t index)
{
    (void)index;
    const loop_job *j = ctx;
    j->loop(j->iterations);
}

/* G operations per second of `loop` (ops_per_iteration each) on `threads` threads. */
static double op_rate(void (*loop)(int64_t), double ops_per_iteration, int32_t threads)
{
    int64_t n = 1024;
    double t;
    for (;;) {  /* grow until one run takes long enough to time */
        double t0 = seconds();
        loop(n);
        t = seconds() - t0;
        if (t > TARGET_SECONDS / 4 || n > ((int64_t)1 << 40)) break;
        n *= 4;
    }
    n = (int64_t)(n * (TARGET_SECONDS / (t > 0 ? t : 1e-6))) + 1;
    loop_job job = { loop, n };
    double best = 0;
    for (int rep = 0; rep < 2; rep++) {
        double t0 = seconds();
        if (threads == 1) loop(n);
        else vl_pool_run(threads, run_loop, &job);
        double rate = ops_per_iteration * (double)n * threads / (seconds() - t0) / 1e9;
        if (rate > best) best = rate;
    }
    return best;
}

typedef struct copy_job {
    uint8_t *dst;
    const uint8_t *src;
    size_t chunk;
} copy_job;

static void copy_chunk(void *ctx, int32_t index)
{
    const copy_job *j = ctx;
    memcpy(j->dst + (size_t)index * j->chunk, j->src + (size_t)index * j->chunk, j->chunk);
}

/* GB/s read plus written by memcpy on `threads` threads. */
static double copy_rate(uint8_t *dst, const uint8_t *src, int32_t threads)
{
    copy_job job = { dst, src, COPY_BYTES / (size_t)threads };
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = seconds();
        vl_pool_run(threads, copy_chunk, &job);
        double rate = 2.0 * job.chunk * threads / (seconds() - t0) / 1e9;
        if (rate > best) best = rate;
    }
    return best;
}

static void nothing(void *ctx, int32_t index)
{
    (void)ctx;
    (void)index;
}

/* Microseconds to wake the pool's threads for a job and see them done: what splitting a task into
 * bands costs beyond its work. (The hop through a stream's worker is the same for every backend and
 * cancels out of the choice.) */
static double dispatch_us(int32_t threads)
{
    if (threads == 1) return 0;
    const int reps = 64;
    double t0 = seconds();
    for (int i = 0; i < reps; i++) vl_pool_run(threads, nothing, NULL);
    return (seconds() - t0) / reps * 1e6;
}

static vela_status calibrate_cpu(vela_cpu_profile *cpu)
{
    int32_t n = vela_num_threads();
    uint8_t *a = malloc(COPY_BYTES), *b = malloc(COPY_BYTES);
    if (!a || !b) {
        free(a);
        free(b);
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "calibration: out of memory for its %u-byte buffers", COPY_BYTES);
    }
    memset(a, 1, COPY_BYTES);  /* fault the pages in before timing */
    memset(b, 2, COPY_BYTES);
    cpu->threads = n;
    cpu->bandwidth_gbs_1t = copy_rate(b, a, 1);
    cpu->bandwidth_gbs = n > 1 ? copy_rate(b, a, n) : cpu->bandwidth_gbs_1t;
    free(a);
    free(b);
    cpu->f32_gops_1t = op_rate(f32_loop, 64, 1);
    cpu->int_gops_1t = op_rate(int_loop, 128, 1);
    cpu->special_gops_1t = op_rate(special_loop, 8, 1);
    cpu->f32_gops = n > 1 ? op_rate(f32_loop, 64, n) : cpu->f32_gops_1t;
    cpu->int_gops = n > 1 ? op_rate(int_loop, 128, n) : cpu->int_gops_1t;
    cpu->special_gops = n > 1 ? op_rate(special_loop, 8, n) : cpu->special_gops_1t;
    /* NEON keeps half in storage and computes in f32 (the Cortex-A57 has only the conversions). */
    cpu->f16_gops = cpu->f32_gops;
    cpu->f16_gops_1t = cpu->f32_gops_1t;
    cpu->dispatch_us = dispatch_us(n);
    return VELA_OK;
}

vela_status vela_profile_calibrate(vela_profile *p)
{
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    vela_profile q;
    memset(&q, 0, sizeof q);
    char host[48] = "this machine";
    gethostname(host, sizeof host - 1);
    snprintf(q.name, sizeof q.name, "calibrated on %s", host);
    vela_status st = calibrate_cpu(&q.cpu);
    if (st == VELA_OK && vl_gpu_present()) st = vl_gpu_calibrate(&q.cuda);
    if (st == VELA_OK) st = vl_profile_check(&q);
    if (st == VELA_OK) *p = q;
    return st;
}
