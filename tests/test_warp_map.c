#include "harness.h"

#include "common/warp_map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const float *point(const vela_warp_map *m, int32_t i, int32_t j)
{
    return (const float *)((const char *)m->points + (int64_t)j * m->pitch) + 2 * i;
}

static vela_matrix3 camera(double f, double cx, double cy)
{
    vela_matrix3 k = { { { f, 0, cx }, { 0, f * 1.02, cy }, { 0, 0, 1 } } };
    return k;
}

/* The map at every destination pixel, dense: the points of a dense map, the interpolation of a
 * sparse one. */
static float *expand(const vela_warp_map *m)
{
    float *out = malloc(sizeof(float) * 2 * (size_t)m->width * m->height);
    int32_t *cols = malloc(sizeof(int32_t) * (size_t)m->width);
    float *fracs = malloc(sizeof(float) * (size_t)m->width);
    for (int32_t x = 0; x < m->width; x++) vl_warp_grid_locate(&m->grid, 0, x, &cols[x], &fracs[x]);
    for (int32_t y = 0; y < m->height; y++) vl_warp_map_row(m, cols, fracs, y, out + 2 * (size_t)y * m->width);
    free(cols);
    free(fracs);
    return out;
}

START_TEST(test_grid_points_and_counts)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 13, 7);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    ck_assert_int_eq(m.width, 13);
    ck_assert_int_eq(m.num_points_x, 13);
    ck_assert_int_eq(m.num_points_y, 7);
    vela_warp_map_free(&m);

    /* Regions 16 (spacing 8), 8 (spacing 4), 13 (spacing 4): points at 0 8 | 16 20 | 24 28 32 36. */
    memset(&g, 0, sizeof g);
    g.num_horiz_regions = 3;
    g.region_width[0] = 16, g.region_width[1] = 8, g.region_width[2] = 13;
    g.horiz_spacing[0] = 8, g.horiz_spacing[1] = 4, g.horiz_spacing[2] = 4;
    g.num_vert_regions = 1;
    g.region_height[0] = 9;
    g.vert_spacing[0] = 2;
    VT_OK(vela_warp_map_alloc(&m, &g));
    ck_assert_int_eq(m.width, 37);
    ck_assert_int_eq(m.height, 9);
    static const int32_t xs[] = { 0, 8, 16, 20, 24, 28, 32, 36 };
    ck_assert_int_eq(m.num_points_x, 8);
    ck_assert_int_eq(m.num_points_y, 5);
    for (int i = 0; i < 8; i++) {
        int32_t x, y;
        VT_OK(vela_warp_map_point(&m, i, i % 5, &x, &y));
        ck_assert_int_eq(x, xs[i]);
        ck_assert_int_eq(y, 2 * (i % 5));
    }
    /* Every pixel falls between two points one spacing apart (or on a point). */
    for (int32_t x = 0; x < 37; x++) {
        int32_t idx;
        float frac;
        vl_warp_grid_locate(&m.grid, 0, x, &idx, &frac);
        ck_assert_int_le(xs[idx], x);
        if (frac != 0) ck_assert(fabs(xs[idx] + frac * (xs[idx + 1] - xs[idx]) - x) < 1e-6);
        else ck_assert_int_eq(xs[idx], x);
    }
    VT_FAILS(vela_warp_map_point(&m, 8, 0, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "outside");
    vela_warp_map_free(&m);
    vela_warp_map_free(&m);  /* twice: cleared, a no-op */
    vela_warp_map_free(NULL);
}
END_TEST

START_TEST(test_grid_bad_input)
{
    vela_warp_grid g;
    vela_warp_map m;
    vela_warp_grid_dense(&g, 16, 16);
    g.num_horiz_regions = 0;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "grid->num_horiz_regions is 0");
    g.num_horiz_regions = 5;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "grid->num_horiz_regions is 5");
    vela_warp_grid_dense(&g, 16, 16);
    g.vert_spacing[0] = 3;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "grid->vert_spacing[0] is 3");
    g.vert_spacing[0] = 512;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "vert_spacing[0] is 512");
    vela_warp_grid_dense(&g, 16, 16);
    g.num_horiz_regions = 2;
    g.region_width[0] = 10, g.region_width[1] = 6, g.horiz_spacing[0] = 4, g.horiz_spacing[1] = 4;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "region_width[0] is 10, not a multiple");
    vela_warp_grid_dense(&g, 0, 16);
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "region_width[0] is 0");
    vela_warp_grid_dense(&g, 40000, 16);
    g.num_horiz_regions = 2;
    g.region_width[1] = 40000;
    g.horiz_spacing[1] = 1;
    VT_FAILS(vela_warp_map_alloc(&m, &g), VELA_ERROR_INVALID_ARGUMENT, "add up to 80000");
    VT_FAILS(vela_warp_map_alloc(&m, NULL), VELA_ERROR_INVALID_ARGUMENT, "grid is NULL");
    VT_FAILS(vela_warp_map_alloc(NULL, &g), VELA_ERROR_INVALID_ARGUMENT, "map is NULL");
    VT_FAILS(vela_warp_grid_uniform(&g, 16, 16, 6), VELA_ERROR_INVALID_ARGUMENT, "spacing[0] is 6");

    /* Wrapping: pitch too small, misaligned, NULL points. */
    float buf[64];
    vela_warp_grid_dense(&g, 4, 4);
    VT_FAILS(vela_warp_map_wrap(&m, &g, buf, 16), VELA_ERROR_INVALID_ARGUMENT, "pitch 16");
    VT_FAILS(vela_warp_map_wrap(&m, &g, buf, 34), VELA_ERROR_INVALID_ARGUMENT, "pitch 34");
    VT_FAILS(vela_warp_map_wrap(&m, &g, NULL, 32), VELA_ERROR_INVALID_ARGUMENT, "points is NULL");
    /* A map filled by hand that contradicts its grid. */
    VT_OK(vela_warp_map_wrap(&m, &g, buf, 32));
    m.width = 5;
    VT_FAILS(vela_warp_map_identity(&m), VELA_ERROR_INVALID_ARGUMENT, "its grid makes 4x4");
    VT_FAILS(vela_warp_map_identity(NULL), VELA_ERROR_INVALID_ARGUMENT, "map is NULL");
}
END_TEST

/* A dense map is a 2F32 image: a locked vela_image can be wrapped and filled in place. */
START_TEST(test_dense_map_wraps_2f32_image)
{
    vela_image *img;
    VT_OK(vela_image_create(21, 9, VELA_FORMAT_2F32, VELA_BACKEND_CPU, &img));
    vela_image_data d;
    VT_OK(vela_image_lock(img, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 21, 9);
    vela_warp_map m;
    VT_OK(vela_warp_map_wrap(&m, &g, d.planes[0].data, d.planes[0].pitch));
    VT_OK(vela_warp_map_identity(&m));
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 21; x++) {
            const float *p = (const float *)((const char *)d.planes[0].data + y * d.planes[0].pitch) + 2 * x;
            ck_assert(p[0] == x && p[1] == y);
        }
    vela_warp_map_free(&m);  /* not ours: nothing freed */
    VT_OK(vela_image_unlock(img));
    vela_image_destroy(img);
}
END_TEST

/* The homography generator is the perspective warp's own evaluation. */
START_TEST(test_homography_map_closed_form)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 30, 20);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 h = { { { 1.1, 0.2, -3 }, { -0.1, 0.9, 5 }, { 1e-3, 2e-3, 1 } } };
    VT_OK(vela_warp_map_from_homography(&m, &h, VELA_WARP_INVERSE));
    for (int y = 0; y < 20; y++)
        for (int x = 0; x < 30; x++) {
            double w = 1e-3 * x + 2e-3 * y + 1;
            const float *p = point(&m, x, y);
            ck_assert(fabs(p[0] - (1.1 * x + 0.2 * y - 3) / w) < 1e-4);
            ck_assert(fabs(p[1] - (-0.1 * x + 0.9 * y + 5) / w) < 1e-4);
        }
    /* Forward: the map sends each destination pixel back to where the matrix took it from. */
    VT_OK(vela_warp_map_from_homography(&m, &h, 0));
    for (int y = 0; y < 20; y += 3)
        for (int x = 0; x < 30; x += 3) {
            const float *p = point(&m, x, y);
            double w = 1e-3 * p[0] + 2e-3 * p[1] + 1;
            ck_assert(fabs((1.1 * p[0] + 0.2 * p[1] - 3) / w - x) < 1e-3);
            ck_assert(fabs((-0.1 * p[0] + 0.9 * p[1] + 5) / w - y) < 1e-3);
        }
    vela_matrix3 singular = { { { 1, 2, 3 }, { 2, 4, 6 }, { 1, 1, 1 } } };
    VT_FAILS(vela_warp_map_from_homography(&m, &singular, 0), VELA_ERROR_INVALID_ARGUMENT, "singular");
    h.m[0][0] = NAN;
    VT_FAILS(vela_warp_map_from_homography(&m, &h, 0), VELA_ERROR_INVALID_ARGUMENT, "matrix->m[0][0] is nan");
    VT_FAILS(vela_warp_map_from_homography(&m, NULL, 0), VELA_ERROR_INVALID_ARGUMENT, "matrix is NULL");
    VT_FAILS(vela_warp_map_from_homography(&m, &h, 2), VELA_ERROR_INVALID_ARGUMENT, "flags");
    vela_warp_map_free(&m);
}
END_TEST

/* Brown-Conrady against the formula written out here, with a rotation and a different output
 * camera. */
START_TEST(test_polynomial_map_closed_form)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 64, 48);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 k = camera(50, 31.5, 24.2), nk = camera(40, 30, 25);
    k.m[0][1] = 0.3;  /* skew, which vela applies */
    double a = 0.05;
    vela_matrix3 r = { { { cos(a), 0, sin(a) }, { 0, 1, 0 }, { -sin(a), 0, cos(a) } } };
    vela_lens_polynomial lens = { -0.3, 0.12, -0.02, 0.01, -0.005, 0.002, 1e-3, -2e-3 };
    VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, &r, &nk));
    for (int v = 0; v < 48; v++)
        for (int u = 0; u < 64; u++) {
            /* ray = R^T nk^-1 (u, v, 1) */
            double px = (u - nk.m[0][2]) / nk.m[0][0], py = (v - nk.m[1][2]) / nk.m[1][1];
            double X = r.m[0][0] * px + r.m[1][0] * py + r.m[2][0], Y = r.m[0][1] * px + r.m[1][1] * py + r.m[2][1];
            double Z = r.m[0][2] * px + r.m[1][2] * py + r.m[2][2];
            double x = X / Z, y = Y / Z, r2 = x * x + y * y;
            double kr = (1 + lens.k1 * r2 + lens.k2 * r2 * r2 + lens.k3 * r2 * r2 * r2) /
                        (1 + lens.k4 * r2 + lens.k5 * r2 * r2 + lens.k6 * r2 * r2 * r2);
            double xd = x * kr + 2 * lens.p1 * x * y + lens.p2 * (r2 + 2 * x * x);
            double yd = y * kr + lens.p1 * (r2 + 2 * y * y) + 2 * lens.p2 * x * y;
            double es = k.m[0][0] * xd + k.m[0][1] * yd + k.m[0][2], et = k.m[1][1] * yd + k.m[1][2];
            const float *p = point(&m, u, v);
            ck_assert_msg(fabs(p[0] - es) < 1e-3 && fabs(p[1] - et) < 1e-3, "(%d, %d): (%f, %f), expected (%f, %f)", u, v,
                          (double)p[0], (double)p[1], es, et);
        }
    /* Without a rotation and a new camera: the camera itself, so the principal point maps to itself. */
    VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, NULL, NULL));
    vela_matrix3 k0 = camera(50, 31, 24);
    VT_OK(vela_warp_map_from_polynomial(&m, &k0, &lens, NULL, NULL));
    ck_assert(fabs(point(&m, 31, 24)[0] - 31) < 1e-4 && fabs(point(&m, 31, 24)[1] - 24) < 1e-4);

    vela_matrix3 bad = k;
    bad.m[0][0] = 0;
    VT_FAILS(vela_warp_map_from_polynomial(&m, &bad, &lens, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "fx 0");
    bad = k;
    bad.m[1][2] = INFINITY;
    VT_FAILS(vela_warp_map_from_polynomial(&m, &bad, &lens, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "camera");
    vela_lens_polynomial nl = lens;
    nl.p2 = NAN;
    VT_FAILS(vela_warp_map_from_polynomial(&m, &k, &nl, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "lens");
    VT_FAILS(vela_warp_map_from_polynomial(&m, &k, NULL, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "lens is NULL");
    VT_FAILS(vela_warp_map_from_polynomial(&m, NULL, &lens, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "camera is NULL");
    vela_matrix3 flat = { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 } } };
    VT_FAILS(vela_warp_map_from_polynomial(&m, &k, &lens, &flat, NULL), VELA_ERROR_INVALID_ARGUMENT, "singular");
    vela_warp_map_free(&m);
}
END_TEST

/* The four fisheye mappings, checked by going back: from each map point, undo the image radius
 * in closed form (r_d = t, 2 sin(t/2), sin t, 2 tan(t/2)), undo the distortion polynomial by
 * Newton's method, and compare the ray's angle and direction with the destination pixel's. */
START_TEST(test_fisheye_maps_closed_form_all_mappings)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 80, 60);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 k = camera(30, 40.5, 29.5), nk = camera(25, 39, 30);
    vela_lens_fisheye lens = { 0.05, -0.01, 0.004, -0.001, VELA_FISHEYE_EQUIDISTANT };
    for (int mapping = 0; mapping < 4; mapping++) {
        lens.mapping = (vela_fisheye_mapping)mapping;
        VT_OK(vela_warp_map_from_fisheye(&m, &k, &lens, NULL, &nk));
        double worst = 0;
        for (int v = 0; v < 60; v++)
            for (int u = 0; u < 80; u++) {
                double x = (u - 39) / 25.0, y = (v - 30) / (25 * 1.02), r = sqrt(x * x + y * y), t = atan(r);
                const float *p = point(&m, u, v);
                double xd = (p[0] - 40.5) / 30.0, yd = (p[1] - 29.5) / (30 * 1.02), rd = sqrt(xd * xd + yd * yd);
                double td = mapping == 0 ? rd : mapping == 1 ? 2 * asin(rd / 2) : mapping == 2 ? asin(rd) : 2 * atan(rd / 2);
                double th = td;  /* solve th (1 + k1 th^2 + ...) = td */
                for (int it = 0; it < 30; it++) {
                    double t2 = th * th;
                    double f = th * (1 + lens.k1 * t2 + lens.k2 * t2 * t2 + lens.k3 * t2 * t2 * t2 + lens.k4 * t2 * t2 * t2 * t2) - td;
                    double df = 1 + 3 * lens.k1 * t2 + 5 * lens.k2 * t2 * t2 + 7 * lens.k3 * t2 * t2 * t2 + 9 * lens.k4 * t2 * t2 * t2 * t2;
                    th -= f / df;
                }
                worst = fmax(worst, fabs(th - t));
                if (r > 1e-3) worst = fmax(worst, fabs(xd * y - yd * x) / (r * rd));  /* same direction */
            }
        ck_assert_msg(worst < 1e-4, "mapping %d: round trip off by %g", mapping, worst);
    }
    /* Without distortion, the closed forms themselves at a few radii. */
    vela_lens_fisheye plain = { 0, 0, 0, 0, VELA_FISHEYE_EQUISOLID };
    for (int mapping = 0; mapping < 4; mapping++) {
        plain.mapping = (vela_fisheye_mapping)mapping;
        VT_OK(vela_warp_map_from_fisheye(&m, &k, &plain, NULL, &nk));
        for (int u = 39; u < 80; u += 8) {
            double t = atan((u - 39) / 25.0);
            double rd = mapping == 0 ? t : mapping == 1 ? 2 * sin(t / 2) : mapping == 2 ? sin(t) : 2 * tan(t / 2);
            ck_assert_msg(fabs(point(&m, u, 30)[0] - (40.5 + 30 * rd)) < 1e-3, "mapping %d at u %d", mapping, u);
            ck_assert(fabs(point(&m, u, 30)[1] - 29.5) < 1e-3);
        }
    }
    /* Turned 100 degrees, part of the output looks behind the camera: those points are NaN. */
    double a = 100 * M_PI / 180;
    vela_matrix3 r = { { { cos(a), 0, sin(a) }, { 0, 1, 0 }, { -sin(a), 0, cos(a) } } };
    VT_OK(vela_warp_map_from_fisheye(&m, &k, &lens, &r, &nk));
    int nans = 0, finite = 0;
    for (int v = 0; v < 60; v++)
        for (int u = 0; u < 80; u++) {
            const float *p = point(&m, u, v);
            nans += isnan(p[0]) && isnan(p[1]);
            finite += isfinite(p[0]) && isfinite(p[1]);
        }
    ck_assert_int_gt(nans, 0);
    ck_assert_int_eq(nans + finite, 80 * 60);
    lens.mapping = (vela_fisheye_mapping)7;
    VT_FAILS(vela_warp_map_from_fisheye(&m, &k, &lens, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "lens->mapping 7");
    lens.mapping = VELA_FISHEYE_EQUIDISTANT;
    lens.k3 = INFINITY;
    VT_FAILS(vela_warp_map_from_fisheye(&m, &k, &lens, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "lens");
    vela_warp_map_free(&m);
}
END_TEST

/* A sparse map against the dense map of the same model: exact on the control points, and in
 * between within a bound that grows with the square of the spacing (bilinear interpolation of a
 * smooth map); also for a grid of several regions. */
START_TEST(test_sparse_vs_dense_spacing_tolerance)
{
    const int32_t w = 160, h = 120;
    vela_matrix3 k = camera(100, 79.5, 59.5);
    vela_lens_polynomial lens = { -0.28, 0.08, 0, 0, 0, 0, 5e-4, -3e-4 };
    vela_lens_fisheye fish = { 0.02, -0.005, 0, 0, VELA_FISHEYE_EQUISOLID };
    vela_matrix3 hom = { { { 1.05, 0.1, -4 }, { -0.08, 0.95, 6 }, { 4e-4, -3e-4, 1 } } };
    vela_warp_grid dense_grid;
    vela_warp_grid_dense(&dense_grid, w, h);
    vela_warp_map dense, sparse;
    VT_OK(vela_warp_map_alloc(&dense, &dense_grid));
    for (int model = 0; model < 3; model++) {
        if (model == 0) VT_OK(vela_warp_map_from_polynomial(&dense, &k, &lens, NULL, NULL));
        else if (model == 1) VT_OK(vela_warp_map_from_fisheye(&dense, &k, &fish, NULL, NULL));
        else VT_OK(vela_warp_map_from_homography(&dense, &hom, VELA_WARP_INVERSE));
        float *want = expand(&dense);
        for (int grid = 0; grid < 5; grid++) {
            vela_warp_grid g;
            int32_t spacing = 2 << grid;  /* 2 .. 32; grid 4: regions */
            if (grid < 4) {
                VT_OK(vela_warp_grid_uniform(&g, w, h, spacing));
            } else {
                memset(&g, 0, sizeof g);
                g.num_horiz_regions = 3, g.num_vert_regions = 2;
                g.region_width[0] = 32, g.region_width[1] = 96, g.region_width[2] = 32;
                g.horiz_spacing[0] = 4, g.horiz_spacing[1] = 16, g.horiz_spacing[2] = 4;
                g.region_height[0] = 64, g.region_height[1] = 56;
                g.vert_spacing[0] = 8, g.vert_spacing[1] = 4;
                spacing = 16;
            }
            VT_OK(vela_warp_map_alloc(&sparse, &g));
            if (model == 0) VT_OK(vela_warp_map_from_polynomial(&sparse, &k, &lens, NULL, NULL));
            else if (model == 1) VT_OK(vela_warp_map_from_fisheye(&sparse, &k, &fish, NULL, NULL));
            else VT_OK(vela_warp_map_from_homography(&sparse, &hom, VELA_WARP_INVERSE));
            float *got = expand(&sparse);
            double worst = 0;
            for (int32_t y = 0; y < h; y++)
                for (int32_t x = 0; x < w; x++)
                    for (int c = 0; c < 2; c++) worst = fmax(worst, fabs(got[2 * (y * w + x) + c] - want[2 * (y * w + x) + c]));
            /* Points themselves are exact. */
            for (int32_t j = 0; j < sparse.num_points_y; j++)
                for (int32_t i = 0; i < sparse.num_points_x; i++) {
                    int32_t x, y;
                    VT_OK(vela_warp_map_point(&sparse, i, j, &x, &y));
                    if (x < w && y < h) ck_assert(point(&sparse, i, j)[0] == want[2 * (y * w + x)]);
                }
            double bound = 2e-3 * spacing * spacing + 1e-3;
            ck_assert_msg(worst <= bound, "model %d grid %d: sparse differs from dense by %g px (bound %g)", model, grid,
                          worst, bound);
            free(got);
            vela_warp_map_free(&sparse);
        }
        free(want);
    }
    vela_warp_map_free(&dense);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warp_map");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_grid_points_and_counts);
    tcase_add_test(tc, test_grid_bad_input);
    tcase_add_test(tc, test_dense_map_wraps_2f32_image);
    tcase_add_test(tc, test_homography_map_closed_form);
    tcase_add_test(tc, test_polynomial_map_closed_form);
    tcase_add_test(tc, test_fisheye_maps_closed_form_all_mappings);
    tcase_add_test(tc, test_sparse_vs_dense_spacing_tolerance);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
