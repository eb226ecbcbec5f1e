/* vela_icount's "warp" and "remap" cases: U8, LINEAR, border CONSTANT, with the matrix of
 * bench/warp.c and the undistortion map of bench/remap.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/remap.h"
#include "common/warp_perspective.h"
#include "icount.h"

static int report(vela_status st)
{
    if (st == VELA_OK) return 0;
    fprintf(stderr, "%s: %s\n", vela_status_name(st), vela_last_error_message());
    return 1;
}

int icount_warp(const char *args, int neon, int reps, int w, int h)
{
    if (*args) return 2;
    vela_image_data s = icount_image(VELA_FORMAT_U8, w, h), d = icount_image(VELA_FORMAT_U8, w, h);
    /* A view change: rotation by 5 degrees, scale 1.05, a little perspective. */
    double a = 5 * M_PI / 180, sc = 1.05, c = cos(a) * sc, n = sin(a) * sc, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
    double px = 0.04 / w, py = -0.03 / h;
    vela_matrix3 m = { { { c, -n, cx - c * cx + n * cy }, { n, c, cy - n * cx - c * cy }, { px, py, 1 - px * cx - py * cy } } };
    vl_warp_plan plan;
    vela_status st = vl_warp_plan_make(VELA_FORMAT_U8, w, h, w, h, &m, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL, &plan);
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_warp_perspective_neon(&plan, &s, &d, 0, h) : vl_warp_perspective_ref(&plan, &s, &d, 0, h);
    return report(st);
}

int icount_remap(const char *args, int neon, int reps, int w, int h)
{
    if (*args) return 2;
    vela_image_data s = icount_image(VELA_FORMAT_U8, w, h), d = icount_image(VELA_FORMAT_U8, w, h);
    vela_warp_grid g;
    vela_warp_grid_dense(&g, w, h);
    vela_warp_map map;
    double f = 0.8 * w, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
    vela_matrix3 k = { { { f, 0, cx }, { 0, f, cy }, { 0, 0, 1 } } }, nk = { { { 0.85 * f, 0, cx }, { 0, 0.85 * f, cy }, { 0, 0, 1 } } };
    vela_lens_polynomial lens = { -0.28, 0.07, 0, 0, 0, 0, 1e-3, -5e-4 };
    vela_payload *pl = NULL;
    vela_status st = vela_warp_map_alloc(&map, &g);
    if (st == VELA_OK) st = vela_warp_map_from_polynomial(&map, &k, &lens, NULL, &nk);
    if (st == VELA_OK) st = vela_create_remap(VELA_BACKEND_CPU, &map, &pl);
    vl_remap_job job;
    memset(&job, 0, sizeof job);
    job.payload = (const vl_remap_payload *)pl;
    job.num_planes = 1;
    const double border[4] = { 0 };
    if (st == VELA_OK) st = vl_sampler_make(VELA_FORMAT_U8, 0, w, h, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, border, &job.sampler[0]);
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_remap_neon(&job, &s, &d, 0, h) : vl_remap_ref(&job, &s, &d, 0, h);
    vela_payload_destroy(pl);
    vela_warp_map_free(&map);
    return report(st);
}
