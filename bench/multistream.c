/* Several cameras at once: N streams, each running the same 1280x720 pipeline on its own frames,
 * with every backend available to the scheduler (AUTO) against all work pinned to the CPU or to
 * CUDA. Each frame arrives in host memory, as from a V4L2 camera, so work on the GPU pays for its
 * upload. Reports frames per second over all streams. */
#include "multistream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vela/scheduler.h>

#define W 1280
#define H 720
#define BUFFERS 3  /* camera buffers in flight per stream */

typedef struct camera {
    vela_stream *stream;
    vela_image *frame[BUFFERS], *rgb, *gray, *f32;
} camera;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The pipeline of tools/pipelines/camera.txt. */
static vela_status submit_frame(camera *c, int i, vela_backend b)
{
    vela_convert_format_params to_float;
    vela_convert_format_params_default(&to_float);
    to_float.scale = 1.0f / 255.0f;
    vela_status st;
    if ((st = vela_submit_convert_format(c->stream, b, c->frame[i % BUFFERS], c->rgb, NULL)) != VELA_OK) return st;
    if ((st = vela_submit_convert_format(c->stream, b, c->rgb, c->gray, NULL)) != VELA_OK) return st;
    return vela_submit_convert_format(c->stream, b, c->gray, c->f32, &to_float);
}

/* A new frame lands in host memory: its device copy, if any, is stale. */
static vela_status arrive(camera *c, int i)
{
    vela_image_data d;
    vela_status st = vela_image_lock(c->frame[i % BUFFERS], VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d);
    if (st != VELA_OK) return st;
    ((unsigned char *)d.planes[0].data)[i % 64] = (unsigned char)i;
    return vela_image_unlock(c->frame[i % BUFFERS]);
}

static void destroy(camera *c)
{
    vela_stream_destroy(c->stream);
    for (int k = 0; k < BUFFERS; k++) vela_image_destroy(c->frame[k]);
    vela_image_destroy(c->rgb);
    vela_image_destroy(c->gray);
    vela_image_destroy(c->f32);
}

static vela_status create(camera *c, uint32_t stream_backends)
{
    memset(c, 0, sizeof *c);
    vela_status st = vela_stream_create(stream_backends, &c->stream);
    for (int k = 0; k < BUFFERS && st == VELA_OK; k++) st = vela_image_create(W, H, VELA_FORMAT_YUYV, 0, &c->frame[k]);
    if (st == VELA_OK) st = vela_image_create(W, H, VELA_FORMAT_RGB8, 0, &c->rgb);
    if (st == VELA_OK) st = vela_image_create(W, H, VELA_FORMAT_U8, 0, &c->gray);
    if (st == VELA_OK) st = vela_image_create(W, H, VELA_FORMAT_F32, 0, &c->f32);
    return st;
}

/* Frames per second over all streams, and the share of stages AUTO sent to CUDA. */
static vela_status run(int streams, int frames, vela_backend b, double *fps, double *cuda_share)
{
    camera cams[MULTISTREAM_MAX];
    vela_status st = VELA_OK;
    int made = 0;
    uint32_t pin = b == VELA_BACKEND_AUTO ? 0 : (uint32_t)b;
    for (; made < streams && st == VELA_OK; made++) st = create(&cams[made], pin);
    /* Warm-up: first allocations, uploads and the scheduler's learning stay out of the timing. */
    for (int i = 0; i < 2 * BUFFERS && st == VELA_OK; i++)
        for (int s = 0; s < streams && st == VELA_OK; s++)
            if ((st = arrive(&cams[s], i)) == VELA_OK) st = submit_frame(&cams[s], i, b);
    for (int s = 0; s < streams && st == VELA_OK; s++) st = vela_stream_sync(cams[s].stream);
    double t0 = now_s();
    for (int i = 0; i < frames && st == VELA_OK; i++)
        for (int s = 0; s < streams && st == VELA_OK; s++)
            if ((st = arrive(&cams[s], i)) == VELA_OK) st = submit_frame(&cams[s], i, b);
    for (int s = 0; s < streams && st == VELA_OK; s++) st = vela_stream_sync(cams[s].stream);
    *fps = streams * frames / (now_s() - t0);
    int cuda = 0, total = 0;
    for (int s = 0; s < made && st == VELA_OK; s++) {
        vela_decision d[3 * 32];
        int32_t n;
        if (vela_stream_get_decisions(cams[s].stream, d, 3 * 32, &n) == VELA_OK)
            for (int32_t k = 0; k < n; k++) cuda += d[k].chosen == VELA_BACKEND_CUDA, total++;
    }
    *cuda_share = total ? (double)cuda / total : 0;
    for (int s = 0; s < made; s++) destroy(&cams[s]);
    return st;
}

int multistream_run(FILE *out, int streams, int frames)
{
    static const struct { vela_backend b; const char *name; } modes[] = {
        { VELA_BACKEND_CPU, "CPU only" }, { VELA_BACKEND_CUDA, "CUDA only" }, { VELA_BACKEND_AUTO, "AUTO" } };
    fprintf(out, "\nmulti-stream: %d streams, each a %dx%d camera pipeline (YUYV -> RGB8 -> U8 -> F32), "
                 "frames arriving in host memory\n", streams, W, H);
    fprintf(out, "%-10s %12s %14s\n", "backends", "frames/s", "stages on CUDA");
    int failures = 0;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        if (modes[m].b != VELA_BACKEND_CPU && !vela_backend_available(VELA_BACKEND_CUDA)) continue;
        double fps = 0, share = 0;
        vela_status st = run(streams, frames, modes[m].b, &fps, &share);
        if (st != VELA_OK) {
            fprintf(out, "%-10s failed: %s: %s\n", modes[m].name, vela_status_name(st), vela_last_error_message());
            failures++;
            continue;
        }
        fprintf(out, "%-10s %12.1f %13.0f%%\n", modes[m].name, fps, 100 * share);
    }
    return failures ? -1 : 0;
}
