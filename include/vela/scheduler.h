/* The scheduler: how VELA_BACKEND_AUTO picks CPU or CUDA, and what it knows to do so.
 *
 * For every submission vela predicts the time on each backend with a roofline model:
 *
 *   t = launch + max(ops / op rate, bytes / bandwidth) / efficiency x wave quantisation
 *       + transfer of inputs not current on that backend (none on an integrated GPU)
 *
 * (outputs are taken to be used where they are made: a pipeline that stays on one side pays for
 * no transfer but its first upload)
 *
 * plus the wait before it could start there (work booked on that backend by every stream, and the
 * earlier work of its own stream, which runs in order), and AUTO takes the earlier finish. The
 * rates come from a profile of the machine: measured by a short calibration (cached in the user's
 * cache directory), read from a file, or a preset for a board vela is not running on. Efficiency
 * per algorithm and backend starts from an estimate and learns from measured run times. */
#ifndef VELA_SCHEDULER_H
#define VELA_SCHEDULER_H

#include <stdint.h>
#include <vela/backend.h>
#include <vela/export.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

/* Rates count elementary operations per second (an add or a multiply is one), bandwidths bytes
 * read plus written. */
typedef struct vela_cpu_profile {
    int32_t threads;
    double bandwidth_gbs, bandwidth_gbs_1t;   /* all threads; one thread */
    double int_gops, int_gops_1t;             /* 8/16-bit integer SIMD lanes */
    double f32_gops, f32_gops_1t;
    double f16_gops, f16_gops_1t;             /* storage only on many cores: as f32 */
    double special_gops, special_gops_1t;     /* sqrt, exp, division */
    double dispatch_us;                       /* waking the pool to split a task into bands */
} vela_cpu_profile;

typedef struct vela_cuda_profile {
    int32_t present;      /* 0: the profile has no GPU */
    int32_t integrated;   /* shares DRAM with the CPU: transfers cost nothing */
    int32_t sm_count;
    double bandwidth_gbs;
    double int_gops, f32_gops, f16_gops, special_gops;
    double launch_us;     /* a kernel launch or a copy, as the caller sees it */
    double h2d_gbs, d2h_gbs;
} vela_cuda_profile;

typedef struct vela_profile {
    char name[64];
    vela_cpu_profile cpu;
    vela_cuda_profile cuda;
} vela_profile;

/* Built-in boards: "jetson-nano", "jetson-tx2", "xavier-nx", "agx-xavier", "orin-nano",
 * "orin-nx", "agx-orin", from their published specifications. */
VELA_API int32_t vela_profile_preset_count(void);
VELA_API const char *vela_profile_preset_name(int32_t index);
VELA_API vela_status vela_profile_preset(const char *name, vela_profile *profile);

/* Measures this machine (well under a second). */
VELA_API vela_status vela_profile_calibrate(vela_profile *profile);

/* Text files of `key = value` lines (see vela_profile_save); a malformed file fails with
 * VELA_ERROR_PARSE and a message naming the line. */
VELA_API vela_status vela_profile_load(const char *path, vela_profile *profile);
VELA_API vela_status vela_profile_save(const char *path, const vela_profile *profile);

/* The profile AUTO uses. By default: VELA_PROFILE (a file, or a preset's name), else this
 * machine's calibration cached in $XDG_CACHE_HOME/vela (or ~/.cache/vela), else a fresh
 * calibration, which is then cached. Setting one also resets what was learned. */
VELA_API vela_status vela_scheduler_get_profile(vela_profile *profile);
VELA_API vela_status vela_scheduler_set_profile(const vela_profile *profile);

/* 1: efficiencies stop learning from measured times, so decisions are repeatable; 0: learn. */
VELA_API void vela_scheduler_freeze(int frozen);

/* One submission as the scheduler saw it. */
typedef struct vela_decision {
    char algorithm[32];
    int32_t width, height;        /* of the first operand */
    vela_backend requested;       /* CPU, CUDA or AUTO */
    vela_backend chosen;
    double predicted_ms[2];       /* [0] CPU, [1] CUDA, transfers included; < 0: not allowed */
    double queued_ms[2];          /* the wait before it could start there: work booked on that
                                     backend by every stream, and its own stream's before it */
    double measured_ms;           /* the run itself, transfers excluded; < 0 until it has run,
                                     and for the CUDA runs not sampled (one in four is timed) */
} vela_decision;

/* The stream's latest decisions, oldest first (up to 256 are kept). VELA_LOG=sched prints each
 * one to stderr as it is made and as it is measured. */
VELA_API vela_status vela_stream_get_decisions(vela_stream *stream, vela_decision *decisions,
                                               int32_t capacity, int32_t *count);

VELA_END_DECLS

#endif
