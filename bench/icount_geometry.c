/* vela_icount's "warp" and "remap" cases: LINEAR, border CONSTANT, on the bench's scenes
 * (geometry_scenes.h); U8, or the format named after the case ("warp RGBA8"). */
#include <stdio.h>
#include <string.h>

#include "common/remap.h"
#include "common/warp_perspective.h"
#include "geometry_scenes.h"
#include "icount.h"

/* The case's format: U8 when none is named, else U8 or RGBA8 (-1: another word). */
static int geometry_format(const char *args)
{
    if (!*args || !strcmp(args, "U8")) return VELA_FORMAT_U8;
    if (!strcmp(args, "RGBA8")) return VELA_FORMAT_RGBA8;
    return -1;
}

static int report(vela_status st)
{
    if (st == VELA_OK) return 0;
    fprintf(stderr, "%s: %s\n", vela_status_name(st), vela_last_error_message());
    return 1;
}

int icount_warp(const char *args, int neon, int reps, int w, int h)
{
    int f = geometry_format(args);
    if (f < 0) return 2;
    vela_image_data s = icount_image((vela_format)f, w, h), d = icount_image((vela_format)f, w, h);
    double rows[9];
    bench_view_change(w, h, rows);
    vela_matrix3 m;
    for (int i = 0; i < 9; i++) m.m[i / 3][i % 3] = rows[i];
    vl_warp_plan plan;
    vela_status st = vl_warp_plan_make((vela_format)f, w, h, w, h, &m, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL, &plan);
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_warp_perspective_neon(&plan, &s, &d, 0, h) : vl_warp_perspective_ref(&plan, &s, &d, 0, h);
    return report(st);
}

int icount_remap(const char *args, int neon, int reps, int w, int h)
{
    int f = geometry_format(args);
    if (f < 0) return 2;
    vela_image_data s = icount_image((vela_format)f, w, h), d = icount_image((vela_format)f, w, h);
    vela_warp_map map = { 0 };
    vela_payload *pl = NULL;
    vela_status st = bench_undistort_map(w, h, &map);
    if (st == VELA_OK) st = vela_create_remap(VELA_BACKEND_CPU, &map, &pl);
    vl_remap_job job;
    memset(&job, 0, sizeof job);
    job.payload = (const vl_remap_payload *)pl;
    job.num_planes = 1;
    const double border[4] = { 0 };
    if (st == VELA_OK) st = vl_sampler_make((vela_format)f, 0, w, h, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, border, &job.sampler[0]);
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_remap_neon(&job, &s, &d, 0, h) : vl_remap_ref(&job, &s, &d, 0, h);
    vela_payload_destroy(pl);
    vela_warp_map_free(&map);
    return report(st);
}
