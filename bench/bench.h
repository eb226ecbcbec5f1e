/* vela_bench's harness: cases, backends, timing the VPI way (warm-up, batches, median), results.
 *
 * A family of cases lives in bench/<family>.c and is registered in bench/CMakeLists.txt. A case
 * names its images' formats, how to submit one call to vela, and (optionally) the same operation
 * in OpenCV and NPP. The harness allocates enough copies of the images to rotate through more
 * memory than the last-level cache, fills the inputs, and times each backend on them. */
#ifndef VELA_BENCH_H
#define VELA_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <vela/vela.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a case is measured. vela's backends first, then the peers, the copy reference, and last
 * VELA_BACKEND_AUTO, whose choice the others' times judge. */
typedef enum bench_backend {
    BENCH_REF,     /* vela's CPU backend with VELA_CPU_KERNELS=ref: the plain-C reference */
    BENCH_CPU,     /* vela's CPU backend: NEON kernels (through SIMDe off ARM) */
    BENCH_CUDA,    /* vela's CUDA backend, data already on the device */
    BENCH_OPENCV,  /* the OpenCV 4 equivalent on the same host buffers, same thread count */
    BENCH_NPP,     /* NPP's equivalent on the same device buffers, same stream */
    BENCH_COPY,    /* cudaMemcpy2DAsync moving as many bytes as the case: the GPU's speed of light */
    BENCH_AUTO,    /* vela's scheduler choosing, the inputs current on both sides */
    BENCH_NUM_BACKENDS
} bench_backend;

/* "ref", "cpu", "cuda", "opencv", "npp", "copy", "auto". */
const char *bench_backend_name(bench_backend b);
/* Those that need a CUDA device. */
bool bench_backend_on_gpu(bench_backend b);
/* Why b cannot run here ("built without NPP", "no CUDA device"), or NULL when it can. */
const char *bench_backend_unavailable(bench_backend b);

/* A peer's answer when it has no exact equivalent of a case: its cell stays empty. */
#define BENCH_UNSUPPORTED 1

/* Records a sentence describing a failure for the report (at most BENCH_NOTE_MAX - 16 bytes
 * are kept); returns -1. */
#define BENCH_NOTE_MAX 512
int bench_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
const char *bench_last_error(void);

#define BENCH_MAX_IMAGES 3

/* The images of one call, and while a peer runs, their locked pixels (host or device side). */
typedef struct bench_io {
    vela_image *in[BENCH_MAX_IMAGES], *out[BENCH_MAX_IMAGES];
    vela_image_data in_data[BENCH_MAX_IMAGES], out_data[BENCH_MAX_IMAGES];
} bench_io;

typedef struct bench_case bench_case;
struct bench_case {
    const char *name;                     /* "NV12->RGB8" */
    vela_format in[BENCH_MAX_IMAGES];     /* input formats; unused entries VELA_FORMAT_INVALID */
    vela_format out[BENCH_MAX_IMAGES];    /* output formats; images are width x height, outputs */
                                          /* scaled by out_scale (below) when it is set */
    const void *params;                   /* the family's parameters for this case */
    /* Submits one call to vela. */
    vela_status (*submit)(const bench_case *c, vela_stream *stream, vela_backend backend,
                          const bench_io *io);
    /* The peers, on io's *_data: one call; 0, BENCH_UNSUPPORTED, or -1 after bench_fail.
     * NULL: no equivalent. npp gets the stream's cudaStream_t. */
    int (*opencv)(const bench_case *c, const bench_io *io);
    int (*npp)(const bench_case *c, const bench_io *io, void *cuda_stream);
    /* Outputs of another size (rescale, pyramids): ceil(width * num / den) x ceil(height * num /
     * den). {0, 0}: the inputs' size. */
    int out_scale_num, out_scale_den;
};

/* The size of case c's outputs for width x height inputs. */
void bench_out_size(const bench_case *c, int width, int height, int *out_width, int *out_height);

typedef struct bench_family {
    const char *name;  /* "convert_format" */
    const bench_case *cases;
    int num_cases;
} bench_family;

typedef struct bench_config {
    int batches;            /* timed batches per measurement; the median is reported */
    int min_batches;        /* ... fewer, down to this, when one call outlasts max_batch_ms */
    double batch_ms;        /* a batch should last about this long ... */
    int min_calls;          /* ... with at least this many calls where they fit in max_batch_ms */
    double max_batch_ms;
    double cpu_pool_bytes;  /* images in rotation move at least this much: well over the LLC */
    double gpu_pool_bytes;  /* the same when a GPU backend runs (2x a large L2) */
    bool enabled[BENCH_NUM_BACKENDS];
} bench_config;

void bench_config_default(bench_config *cfg, bool quick);

typedef enum bench_outcome {
    BENCH_SKIPPED = 0,  /* not asked for, or not available here (note says why) */
    BENCH_MEASURED,
    BENCH_NO_EQUIVALENT,
    BENCH_FAILED        /* note holds the error */
} bench_outcome;

typedef struct bench_stats {
    bench_outcome outcome;
    double median_ms, min_ms, max_ms;  /* per call */
    int calls_per_batch, batches;
    char note[BENCH_NOTE_MAX];
} bench_stats;

/* One case at one size on every backend. */
typedef struct bench_row {
    const bench_family *family;
    const bench_case *c;
    int width, height;
    double bytes;  /* read and written once per call */
    int copies;    /* calls rotate over this many sets of images */
    double device_used_bytes;  /* the most device memory in use seen while measuring; 0: none */
    bench_stats stats[BENCH_NUM_BACKENDS];
    /* The scheduler's view during AUTO's run: its predictions for the CPU and CUDA backends (ms;
     * < 0 when not made) and the share of calls it sent to CUDA. */
    double predicted_ms[2];
    double auto_cuda_share;
} bench_row;

/* How far a prediction is off the median measured on its backend, |p - m| / m; < 0 if either is
 * missing. And AUTO's regret: its time over the better of CPU and CUDA, minus 1. */
double bench_prediction_error(const bench_row *row, bench_backend b);
double bench_auto_regret(const bench_row *row);

/* Bytes of a width x height image of `format`, every plane, without padding. */
double bench_image_bytes(vela_format format, int width, int height);

/* Measures case c at width x height on every enabled backend. `stream` has every backend that is
 * available. Returns 0, or -1 when the images could not be set up (row notes say why). */
int bench_run_case(const bench_config *cfg, vela_stream *stream, const bench_family *family,
                   const bench_case *c, int width, int height, bench_row *row);

/* --- timing, for the harness and the peers -------------------------------------------------- */

/* A clock around a batch: begin marks the start; end waits for the batch's work, then gives the
 * elapsed milliseconds. Both return 0 or -1 after bench_fail. */
typedef struct bench_timer {
    int (*begin)(void *ctx);
    int (*end)(void *ctx, double *ms);
    void *ctx;
} bench_timer;

/* One call on the index-th set of images: 0, BENCH_UNSUPPORTED, or -1 after bench_fail. */
typedef int (*bench_call_fn)(void *ctx, int index);

/* Warm-up (every copy once), a calibration of the calls per batch, then cfg->batches batches,
 * rotating over `copies` indices. Fills stats; returns 0, BENCH_UNSUPPORTED or -1. */
int bench_measure(const bench_config *cfg, const bench_timer *timer, bench_call_fn call, void *ctx,
                  int copies, bench_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
