/* Internal: predictions of the roofline model, the choice for VELA_BACKEND_AUTO, the queue load of
 * each backend across streams, and efficiencies learned from measured run times. */
#ifndef VL_SCHEDULER_H
#define VL_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>
#include <vela/scheduler.h>

#include "common/cost.h"
#include "common/stream.h"

/* Index of a backend in per-backend arrays. */
#define VL_CPU 0
#define VL_CUDA 1

/* A prediction for one backend: the run (launch + roofline / efficiency, wave-quantised) and the
 * transfers it needs; `core_ms` is the roofline part at efficiency 1, which learning compares
 * with measured times. */
typedef struct vl_prediction {
    double run_ms, transfer_ms, core_ms, launch_ms;
} vl_prediction;

/* The model itself, pure: for tests and vela-plan. `transfer_bytes` must cross to the backend. */
vl_prediction vl_predict(const vela_profile *profile, const vl_cost *cost, int backend,
                         double efficiency, double transfer_bytes);

/* The efficiency in use for (cost->algorithm, cost->variant, backend): learned, or the initial
 * estimate. */
double vl_efficiency(const vl_cost *cost, int backend);

/* Picks among `allowed` (a mask of CPU/CUDA) the backend with the least queued + predicted time;
 * pure, so that tests can drive it. */
int vl_choose(const double predicted_ms[2], const double queued_ms[2], uint32_t allowed);

/* What vl_submit asks for each submission: fills `d` (predictions for every backend in `allowed`
 * when a profile is loaded or one is needed; the choice among them for AUTO, else `requested`) and
 * books the chosen backend's queue. The choice is the earliest predicted finish: a task starts
 * when its backend's booked work and its own stream's (`*stream_ready_ms`, updated) are done,
 * since a stream runs in order whichever backend each task takes. */
vela_backend vl_schedule(vela_backend requested, uint32_t allowed, const vl_operand *operands,
                         int num_operands, const vl_cost *cost, double *stream_ready_ms,
                         vela_decision *d, vl_prediction *chosen);

/* A measured run of a task that carried `cost` on `backend`: learns, unless frozen. */
void vl_scheduler_learn(const vl_cost *cost, int backend, const vl_prediction *predicted, double measured_ms);

/* Whether VELA_LOG asks for the scheduler's log. */
bool vl_sched_log_enabled(void);

/* Profiles with checks shared by load, set and calibration. */
vela_status vl_profile_check(const vela_profile *profile);
/* Calibration of the GPU part (src/cuda/calibrate.cu; absent without CUDA). */
vela_status vl_gpu_calibrate(vela_cuda_profile *cuda);

#endif
