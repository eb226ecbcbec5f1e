#include "common/scheduler.h"

#include "common/gpu.h"
#include "common/image.h"
#include "common/status.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the model -------------------------------------------------------------------------------- */

/* A band is worth making when it moves this much (as vl_run_bands decides). */
#define BAND_BYTES (64.0 * 1024.0)
/* CUDA kernels give a block of 256 threads about 2048 work items; an SM holds 8 such blocks. */
#define ITEMS_PER_BLOCK 2048.0
#define BLOCKS_PER_SM 8.0

static double min2(double a, double b) { return a < b ? a : b; }
static double max2(double a, double b) { return a > b ? a : b; }

vl_prediction vl_predict(const vela_profile *p, const vl_cost *c, int backend, double eff, double transfer_bytes)
{
    vl_prediction r = { 0, 0, 0, 0 };
    double bytes = c->bytes_read + c->bytes_written;
    double compute_s, memory_s, launch_ms, quantisation = 1.0;
    if (backend == VL_CPU) {
        const vela_cpu_profile *cpu = &p->cpu;
        double n = min2(cpu->threads, max2(1.0, floor(bytes / BAND_BYTES)));
        compute_s = c->int_ops / (min2(cpu->int_gops_1t * n, cpu->int_gops) * 1e9) +
                    c->f32_ops / (min2(cpu->f32_gops_1t * n, cpu->f32_gops) * 1e9) +
                    c->f16_ops / (min2(cpu->f16_gops_1t * n, cpu->f16_gops) * 1e9) +
                    c->special_ops / (min2(cpu->special_gops_1t * n, cpu->special_gops) * 1e9);
        memory_s = bytes / (min2(cpu->bandwidth_gbs_1t * n, cpu->bandwidth_gbs) * 1e9);
        launch_ms = n > 1 ? cpu->dispatch_us * 1e-3 : 0;  /* one band runs on the stream's thread */
        if (transfer_bytes > 0 && p->cuda.present && !p->cuda.integrated)
            r.transfer_ms = p->cuda.launch_us * 1e-3 + transfer_bytes / (p->cuda.d2h_gbs * 1e9) * 1e3;
    } else {
        const vela_cuda_profile *g = &p->cuda;
        compute_s = c->int_ops / (g->int_gops * 1e9) + c->f32_ops / (g->f32_gops * 1e9) +
                    c->f16_ops / (g->f16_gops * 1e9) + c->special_ops / (g->special_gops * 1e9);
        memory_s = bytes / (g->bandwidth_gbs * 1e9);
        launch_ms = g->launch_us * 1e-3;
        /* Waves: a grid that does not fill the GPU, or whose last wave is partial, runs at the
         * fraction of the GPU it occupies. */
        double blocks = ceil(max2(c->work_items, 1.0) / ITEMS_PER_BLOCK);
        double slots = g->sm_count * BLOCKS_PER_SM;
        quantisation = ceil(blocks / slots) * slots / blocks;
        if (transfer_bytes > 0 && !g->integrated)
            r.transfer_ms = g->launch_us * 1e-3 + transfer_bytes / (g->h2d_gbs * 1e9) * 1e3;
    }
    r.core_ms = max2(compute_s, memory_s) * quantisation * 1e3;
    r.launch_ms = launch_ms;
    r.run_ms = launch_ms + r.core_ms / eff;
    return r;
}

int vl_choose(const double predicted_ms[2], const double queued_ms[2], uint32_t allowed)
{
    if (!(allowed & VELA_BACKEND_CUDA)) return VL_CPU;
    if (!(allowed & VELA_BACKEND_CPU)) return VL_CUDA;
    return queued_ms[VL_CUDA] + predicted_ms[VL_CUDA] < queued_ms[VL_CPU] + predicted_ms[VL_CPU] ? VL_CUDA : VL_CPU;
}

/* ---- state: the profile, learned efficiencies, queue load -------------------------------------- */

#define MAX_LEARNED 128
#define INITIAL_EFFICIENCY_CPU 0.5
#define INITIAL_EFFICIENCY_CUDA 0.6
#define LEARNING_RATE 0.25

typedef struct learned {
    const char *algorithm;
    uint32_t variant;
    double efficiency[2];
} learned;

static struct {
    pthread_mutex_t mu;
    bool have_profile;
    vela_profile profile;
    bool frozen;
    learned table[MAX_LEARNED];
    int num_learned;
    double busy_until_ms[2];  /* when each backend's booked work ends, on the monotonic clock */
} sched = { .mu = PTHREAD_MUTEX_INITIALIZER };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

bool vl_sched_log_enabled(void)
{
    const char *log = getenv("VELA_LOG");
    return log && strstr(log, "sched") != NULL;
}

/* Caller holds sched.mu. */
static learned *find_learned(const vl_cost *c, bool create)
{
    for (int i = 0; i < sched.num_learned; i++)
        if (sched.table[i].variant == c->variant && strcmp(sched.table[i].algorithm, c->algorithm) == 0)
            return &sched.table[i];
    if (!create) return NULL;
    learned *l = &sched.table[sched.num_learned < MAX_LEARNED ? sched.num_learned++ : MAX_LEARNED - 1];
    *l = (learned){ c->algorithm, c->variant, { INITIAL_EFFICIENCY_CPU, INITIAL_EFFICIENCY_CUDA } };
    return l;
}

double vl_efficiency(const vl_cost *c, int backend)
{
    pthread_mutex_lock(&sched.mu);
    learned *l = find_learned(c, false);
    double e = l ? l->efficiency[backend] : backend == VL_CPU ? INITIAL_EFFICIENCY_CPU : INITIAL_EFFICIENCY_CUDA;
    pthread_mutex_unlock(&sched.mu);
    return e;
}

void vela_scheduler_freeze(int frozen)
{
    pthread_mutex_lock(&sched.mu);
    sched.frozen = frozen != 0;
    pthread_mutex_unlock(&sched.mu);
}

void vl_scheduler_learn(const vl_cost *c, int backend, const vl_prediction *pred, double measured_ms)
{
    if (!(measured_ms > 0) || !(pred->core_ms > 0)) return;
    pthread_mutex_lock(&sched.mu);
    if (!sched.frozen) {
        /* The roofline part of the measured time; launch overheads are not the kernel's fault. */
        double observed = pred->core_ms / max2(measured_ms - pred->launch_ms, measured_ms * 0.1);
        observed = min2(max2(observed, 0.002), 2.0);
        learned *l = find_learned(c, true);
        l->efficiency[backend] += LEARNING_RATE * (observed - l->efficiency[backend]);
    }
    pthread_mutex_unlock(&sched.mu);
}

/* ---- the profile in use -------------------------------------------------------------------------- */

static void cache_path(char *path, size_t size)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char host[64] = "host";
    gethostname(host, sizeof host - 1);
    if (xdg && *xdg) snprintf(path, size, "%s/vela/profile-%s.txt", xdg, host);
    else snprintf(path, size, "%s/.cache/vela/profile-%s.txt", home && *home ? home : "/tmp", host);
}

static void make_parents(const char *path)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *s = dir + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(dir, 0755);
            *s = '/';
        }
}

/* The default profile: VELA_PROFILE (file or preset), the cached calibration, a new one. */
static vela_status load_default(vela_profile *p)
{
    const char *env = getenv("VELA_PROFILE");
    if (env && *env) {
        if (vela_profile_preset(env, p) == VELA_OK) return VELA_OK;
        return vela_profile_load(env, p);
    }
    char path[512];
    cache_path(path, sizeof path);
    if (vela_profile_load(path, p) == VELA_OK && (p->cuda.present != 0) == vl_gpu_present()) return VELA_OK;
    vela_status st = vela_profile_calibrate(p);
    if (st != VELA_OK) return st;
    make_parents(path);
    vela_profile_save(path, p);  /* a cache: failing to write it is not an error */
    return VELA_OK;
}

vela_status vela_scheduler_get_profile(vela_profile *p)
{
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    pthread_mutex_lock(&sched.mu);
    bool have = sched.have_profile;
    pthread_mutex_unlock(&sched.mu);
    if (!have) {
        vela_profile loaded;
        vela_status st = load_default(&loaded);
        if (st != VELA_OK) return st;
        pthread_mutex_lock(&sched.mu);
        if (!sched.have_profile) {
            sched.profile = loaded;
            sched.have_profile = true;
        }
        pthread_mutex_unlock(&sched.mu);
    }
    pthread_mutex_lock(&sched.mu);
    *p = sched.profile;
    pthread_mutex_unlock(&sched.mu);
    return VELA_OK;
}

vela_status vela_scheduler_set_profile(const vela_profile *p)
{
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    vela_status st = vl_profile_check(p);
    if (st != VELA_OK) return st;
    pthread_mutex_lock(&sched.mu);
    sched.profile = *p;
    sched.have_profile = true;
    sched.num_learned = 0;
    sched.busy_until_ms[0] = sched.busy_until_ms[1] = 0;
    pthread_mutex_unlock(&sched.mu);
    return VELA_OK;
}

/* ---- a submission ------------------------------------------------------------------------------ */

static const vela_backend backend_of[2] = { VELA_BACKEND_CPU, VELA_BACKEND_CUDA };

vela_backend vl_schedule(vela_backend requested, uint32_t allowed, const vl_operand *ops, int nops,
                         const vl_cost *cost, double *stream_ready_ms, vela_decision *d, vl_prediction *chosen_pred)
{
    memset(d, 0, sizeof *d);
    snprintf(d->algorithm, sizeof d->algorithm, "%s", cost ? cost->algorithm : "?");
    if (nops > 0) {
        d->width = vl_image_width(ops[0].image);
        d->height = vl_image_height(ops[0].image);
    }
    d->requested = requested;
    d->predicted_ms[0] = d->predicted_ms[1] = -1;
    d->measured_ms = -1;
    memset(chosen_pred, 0, sizeof *chosen_pred);

    /* Predictions need a profile: load it when AUTO must choose or the log asks; otherwise use it
     * only if it is already there, so that a program that never asks pays for no calibration. */
    pthread_mutex_lock(&sched.mu);
    bool have = sched.have_profile;
    pthread_mutex_unlock(&sched.mu);
    bool choosing = requested == VELA_BACKEND_AUTO && allowed == (VELA_BACKEND_CPU | VELA_BACKEND_CUDA);
    vela_profile profile;
    bool predict = cost && (have || choosing || vl_sched_log_enabled()) && vela_scheduler_get_profile(&profile) == VELA_OK;

    vl_prediction pred[2];
    memset(pred, 0, sizeof pred);
    if (predict) {
        for (int b = 0; b < 2; b++) {
            if (!(allowed & backend_of[b]) || (b == VL_CUDA && !profile.cuda.present)) continue;
            double transfer = 0;
            for (int i = 0; i < nops; i++)
                if ((ops[i].access & VL_READ) && !vl_image_current_on(ops[i].image, backend_of[b]))
                    transfer += vl_format_bytes(vl_image_format(ops[i].image), vl_image_width(ops[i].image),
                                                vl_image_height(ops[i].image));
            pred[b] = vl_predict(&profile, cost, b, vl_efficiency(cost, b), transfer);
            d->predicted_ms[b] = pred[b].run_ms + pred[b].transfer_ms;
        }
    }

    int b;
    pthread_mutex_lock(&sched.mu);
    double now = now_ms();
    for (int i = 0; i < 2; i++) d->queued_ms[i] = max2(0, max2(sched.busy_until_ms[i], *stream_ready_ms) - now);
    if (requested != VELA_BACKEND_AUTO) b = requested == VELA_BACKEND_CUDA ? VL_CUDA : VL_CPU;
    else if (!predict) b = vl_choose((double[2]){ 1, 1 }, (double[2]){ 0, 0 }, allowed);  /* one allowed */
    else b = vl_choose(d->predicted_ms, d->queued_ms, allowed);
    if (predict) *stream_ready_ms = sched.busy_until_ms[b] = now + d->queued_ms[b] + d->predicted_ms[b];
    pthread_mutex_unlock(&sched.mu);

    d->chosen = backend_of[b];
    *chosen_pred = pred[b];
    if (predict && vl_sched_log_enabled())
        fprintf(stderr, "vela sched: %s %dx%d: CPU %.3f ms (queued %.3f), CUDA %.3f ms (queued %.3f) -> %s%s\n",
                d->algorithm, d->width, d->height, d->predicted_ms[0], d->queued_ms[0], d->predicted_ms[1],
                d->queued_ms[1], vela_backend_name(d->chosen), requested == VELA_BACKEND_AUTO ? "" : " (requested)");
    return d->chosen;
}
