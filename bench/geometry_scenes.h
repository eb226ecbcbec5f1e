/* The geometry bench's scenes, shared by vela_bench (warp.c, remap.c) and vela_icount so that the
 * instruction counts are of the same work the bench times. */
#ifndef BENCH_GEOMETRY_SCENES_H
#define BENCH_GEOMETRY_SCENES_H

#include <math.h>
#include <vela/warp_map.h>

/* A camera-like view change of a w x h image, source -> destination (row-major): rotation by 5
 * degrees about the centre, scale 1.05, the far side 4 % and 3 % smaller. */
static inline void bench_view_change(int w, int h, double m[9])
{
    double a = 5 * M_PI / 180, s = 1.05, c = cos(a) * s, n = sin(a) * s, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
    double px = 0.04 / w, py = -0.03 / h;
    double r[9] = { c, -n, cx - c * cx + n * cy, n, c, cy - n * cx - c * cy, px, py, 1 - px * cx - py * cy };
    for (int i = 0; i < 9; i++) m[i] = r[i];
}

/* The dense undistortion map of a wide-angle w x h camera (polynomial model, k1 = -0.28), into a
 * map this allocates. */
static inline vela_status bench_undistort_map(int w, int h, vela_warp_map *map)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, w, h);
    double f = 0.8 * w, cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
    vela_matrix3 k = { { { f, 0, cx }, { 0, f, cy }, { 0, 0, 1 } } }, nk = { { { 0.85 * f, 0, cx }, { 0, 0.85 * f, cy }, { 0, 0, 1 } } };
    vela_lens_polynomial lens = { -0.28, 0.07, 0, 0, 0, 0, 1e-3, -5e-4 };
    vela_status st = vela_warp_map_alloc(map, &g);
    if (st == VELA_OK) st = vela_warp_map_from_polynomial(map, &k, &lens, NULL, &nk);
    return st;
}

#endif
