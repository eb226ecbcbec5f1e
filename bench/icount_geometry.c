/* Instruction counts of the geometry kernels on aarch64, for shared/tools/arm-icount (qemu):
 * the NEON (or plain-C) kernel of the perspective warp or of remap, on one thread, `reps` times
 * over a 640x480 U8 image, LINEAR, border CONSTANT, with the matrix and map of bench/warp.c and
 * bench/remap.c. Instructions per pixel = (count(reps + k) - count(reps)) / (k * 640 * 480).
 *
 *   icount_geometry warp|remap|warp_ref|remap_ref REPS
 *
 * Built only when cross compiling for aarch64 (the numbers mean nothing elsewhere). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/remap.h"
#include "common/warp_perspective.h"

int main(int argc, char **argv)
{
    const int32_t w = 640, h = 480;
    if (argc != 3) {
        fprintf(stderr, "usage: %s warp|remap|warp_ref|remap_ref REPS\n", argv[0]);
        return 2;
    }
    const char *what = argv[1];
    int reps = atoi(argv[2]), ref = strstr(what, "_ref") != NULL;
    uint8_t *src = malloc((size_t)w * h), *dst = malloc((size_t)w * h);
    for (int32_t i = 0; i < w * h; i++) src[i] = (uint8_t)(i * 7 + i / w);
    vela_image_data s = { VELA_FORMAT_U8, w, h, 1, { { src, w } } }, d = { VELA_FORMAT_U8, w, h, 1, { { dst, w } } };
    vela_status st = VELA_OK;
    if (!strncmp(what, "warp", 4)) {
        /* bench/warp.c's view change: rotation by 5 degrees, scale 1.05, a little perspective. */
        double a = 5 * M_PI / 180, sc = 1.05, c = cos(a) * sc, n = sin(a) * sc, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
        double px = 0.04 / w, py = -0.03 / h;
        vela_matrix3 m = { { { c, -n, cx - c * cx + n * cy }, { n, c, cy - n * cx - c * cy }, { px, py, 1 - px * cx - py * cy } } };
        vl_warp_plan plan;
        st = vl_warp_plan_make(VELA_FORMAT_U8, w, h, w, h, &m, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL, &plan);
        for (int r = 0; r < reps && st == VELA_OK; r++)
            st = ref ? vl_warp_perspective_ref(&plan, &s, &d, 0, h) : vl_warp_perspective_neon(&plan, &s, &d, 0, h);
    } else {
        /* bench/remap.c's undistortion. */
        vela_warp_grid g;
        vela_warp_grid_dense(&g, w, h);
        vela_warp_map map;
        double f = 0.8 * w, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
        vela_matrix3 k = { { { f, 0, cx }, { 0, f, cy }, { 0, 0, 1 } } }, nk = { { { 0.85 * f, 0, cx }, { 0, 0.85 * f, cy }, { 0, 0, 1 } } };
        vela_lens_polynomial lens = { -0.28, 0.07, 0, 0, 0, 0, 1e-3, -5e-4 };
        vela_payload *pl = NULL;
        if ((st = vela_warp_map_alloc(&map, &g)) == VELA_OK && (st = vela_warp_map_from_polynomial(&map, &k, &lens, NULL, &nk)) == VELA_OK)
            st = vela_create_remap(VELA_BACKEND_CPU, &map, &pl);
        vl_remap_job job;
        memset(&job, 0, sizeof job);
        job.payload = (const vl_remap_payload *)pl;
        job.num_planes = 1;
        const double bv[4] = { 0 };
        if (st == VELA_OK) st = vl_sampler_make(VELA_FORMAT_U8, 0, w, h, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, bv, &job.sampler[0]);
        for (int r = 0; r < reps && st == VELA_OK; r++)
            st = ref ? vl_remap_ref(&job, &s, &d, 0, h) : vl_remap_neon(&job, &s, &d, 0, h);
        vela_payload_destroy(pl);
        vela_warp_map_free(&map);
    }
    if (st != VELA_OK) {
        fprintf(stderr, "%s: %s\n", vela_status_name(st), vela_last_error_message());
        return 1;
    }
    unsigned sum = 0;
    for (int32_t i = 0; i < w * h; i++) sum += dst[i];
    printf("%s x%d: checksum %u\n", what, reps, sum);
    free(src);
    free(dst);
    return 0;
}
