#include "common/warp_map.h"

#include "common/status.h"
#include "common/warp_perspective.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIZE 65536
#define MAX_SPACING 256

void vela_warp_grid_dense(vela_warp_grid *grid, int32_t width, int32_t height)
{
    if (!grid) return;
    memset(grid, 0, sizeof *grid);
    grid->num_horiz_regions = grid->num_vert_regions = 1;
    grid->region_width[0] = width;
    grid->region_height[0] = height;
    grid->horiz_spacing[0] = grid->vert_spacing[0] = 1;
}

vela_status vela_warp_grid_uniform(vela_warp_grid *grid, int32_t width, int32_t height, int32_t spacing)
{
    if (!grid) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "grid is NULL");
    vela_warp_grid_dense(grid, width, height);
    grid->horiz_spacing[0] = grid->vert_spacing[0] = spacing;
    return vl_warp_grid_check(grid, "grid", NULL, NULL, NULL, NULL);
}

static int32_t region_points(int32_t size, int32_t spacing, int last)
{
    return last ? (size + spacing - 2) / spacing + 1 : size / spacing;
}

static vela_status check_axis(const char *what, const char *dir, int32_t n, const int32_t *sizes,
                              const int32_t *spacings, int32_t *total, int32_t *points)
{
    const char *size_name = dir[0] == 'h' ? "region_width" : "region_height";
    if (n < 1 || n > VELA_WARP_GRID_MAX_REGIONS)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s->num_%s_regions is %d: it must be 1 to %d", what, dir, n,
                       VELA_WARP_GRID_MAX_REGIONS);
    int64_t sum = 0, count = 0;
    for (int r = 0; r < n; r++) {
        int32_t s = spacings[r];
        if (sizes[r] < 1 || sizes[r] > MAX_SIZE)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s->%s[%d] is %d: it must be 1 to %d", what, size_name, r,
                           sizes[r], MAX_SIZE);
        if (s < 1 || s > MAX_SPACING || (s & (s - 1)))
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s->%s_spacing[%d] is %d: spacings are powers of two, 1 to %d",
                           what, dir[0] == 'h' ? "horiz" : "vert", r, s, MAX_SPACING);
        if (r < n - 1 && sizes[r] % s)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                           "%s->%s[%d] is %d, not a multiple of its spacing %d (only the last region may be)", what,
                           size_name, r, sizes[r], s);
        sum += sizes[r];
        count += region_points(sizes[r], s, r == n - 1);
    }
    if (sum > MAX_SIZE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s's %s add up to %lld: at most %d", what, size_name,
                       (long long)sum, MAX_SIZE);
    if (total) *total = (int32_t)sum;
    if (points) *points = (int32_t)count;
    return VELA_OK;
}

vela_status vl_warp_grid_check(const vela_warp_grid *grid, const char *what, int32_t *width, int32_t *height,
                               int32_t *points_x, int32_t *points_y)
{
    if (!grid) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s is NULL", what);
    vela_status st = check_axis(what, "horiz", grid->num_horiz_regions, grid->region_width, grid->horiz_spacing,
                                width, points_x);
    if (st != VELA_OK) return st;
    return check_axis(what, "vert", grid->num_vert_regions, grid->region_height, grid->vert_spacing, height, points_y);
}

static void axis_of(const vela_warp_grid *g, int vertical, int32_t *n, const int32_t **sizes, const int32_t **spacings)
{
    *n = vertical ? g->num_vert_regions : g->num_horiz_regions;
    *sizes = vertical ? g->region_height : g->region_width;
    *spacings = vertical ? g->vert_spacing : g->horiz_spacing;
}

void vl_warp_grid_locate(const vela_warp_grid *g, int vertical, int32_t pos, int32_t *index, float *frac)
{
    int32_t n, start = 0, base = 0;
    const int32_t *sizes, *spacings;
    axis_of(g, vertical, &n, &sizes, &spacings);
    for (int r = 0;; r++) {
        if (pos < start + sizes[r] || r == n - 1) {
            int32_t off = pos - start, s = spacings[r];
            *index = base + off / s;
            *frac = (float)(off % s) / (float)s;
            return;
        }
        base += sizes[r] / spacings[r];
        start += sizes[r];
    }
}

int32_t vl_warp_grid_point(const vela_warp_grid *g, int vertical, int32_t index)
{
    int32_t n, start = 0, base = 0;
    const int32_t *sizes, *spacings;
    axis_of(g, vertical, &n, &sizes, &spacings);
    for (int r = 0;; r++) {
        int32_t count = region_points(sizes[r], spacings[r], r == n - 1);
        if (index < base + count || r == n - 1) return start + (index - base) * spacings[r];
        base += count;
        start += sizes[r];
    }
}

static const float *point_row(const vela_warp_map *m, int32_t j)
{
    return (const float *)((const char *)m->points + (int64_t)j * m->pitch);
}

static inline float lerp(float u, float v, float t) { return u + (v - u) * t; }

void vl_warp_map_row(const vela_warp_map *m, const int32_t *cols, const float *fracs, int32_t y, float *xy)
{
    int32_t j;
    float b;
    vl_warp_grid_locate(&m->grid, 1, y, &j, &b);
    const float *r0 = point_row(m, j), *r1 = b != 0 ? point_row(m, j + 1) : r0;
    for (int32_t x = 0; x < m->width; x++) {
        int32_t i = cols[x];
        float a = fracs[x];
        for (int c = 0; c < 2; c++) {
            float top = a != 0 ? lerp(r0[2 * i + c], r0[2 * i + 2 + c], a) : r0[2 * i + c];
            if (b != 0) {
                float bottom = a != 0 ? lerp(r1[2 * i + c], r1[2 * i + 2 + c], a) : r1[2 * i + c];
                top = lerp(top, bottom, b);
            }
            xy[2 * x + c] = top;
        }
    }
}

/* ---- allocation ----------------------------------------------------------------------------- */

static vela_status describe(vela_warp_map *map, const vela_warp_grid *grid)
{
    if (!map) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "map is NULL");
    memset(map, 0, sizeof *map);
    vela_status st = vl_warp_grid_check(grid, "grid", &map->width, &map->height, &map->num_points_x, &map->num_points_y);
    if (st != VELA_OK) return st;
    map->grid = *grid;
    return VELA_OK;
}

vela_status vela_warp_map_alloc(vela_warp_map *map, const vela_warp_grid *grid)
{
    vela_status st = describe(map, grid);
    if (st != VELA_OK) return st;
    int32_t pitch = (int32_t)(((int64_t)map->num_points_x * 8 + 63) / 64 * 64);
    void *block = NULL;
    if (posix_memalign(&block, 64, (size_t)pitch * (size_t)map->num_points_y) != 0) {
        memset(map, 0, sizeof *map);
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory for a %dx%d warp map", map->num_points_x,
                       map->num_points_y);
    }
    map->points = block;
    map->storage = block;
    map->pitch = pitch;
    return VELA_OK;
}

vela_status vela_warp_map_wrap(vela_warp_map *map, const vela_warp_grid *grid, float *points, int32_t pitch)
{
    vela_status st = describe(map, grid);
    if (st != VELA_OK) return st;
    if (!points) {
        memset(map, 0, sizeof *map);
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "points is NULL");
    }
    if ((uintptr_t)points % 4 || pitch % 4 || (int64_t)pitch < (int64_t)map->num_points_x * 8) {
        int32_t need = map->num_points_x * 8;
        memset(map, 0, sizeof *map);
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "pitch %d must be a multiple of 4 and at least %d (the points of a row), points 4-byte aligned",
                       pitch, need);
    }
    map->points = points;
    map->pitch = pitch;
    return VELA_OK;
}

void vela_warp_map_free(vela_warp_map *map)
{
    if (!map) return;
    free(map->storage);
    memset(map, 0, sizeof *map);
}

static vela_status check_map(const vela_warp_map *map, const char *what)
{
    if (!map) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s is NULL", what);
    int32_t w, h, nx, ny;
    vela_status st = vl_warp_grid_check(&map->grid, "map->grid", &w, &h, &nx, &ny);
    if (st != VELA_OK) return st;
    if (w != map->width || h != map->height || nx != map->num_points_x || ny != map->num_points_y)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "%s is %dx%d with %dx%d points but its grid makes %dx%d with %dx%d: use vela_warp_map_alloc or "
                       "vela_warp_map_wrap", what, map->width, map->height, map->num_points_x, map->num_points_y, w, h,
                       nx, ny);
    if (!map->points) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s->points is NULL", what);
    if ((int64_t)map->pitch < (int64_t)nx * 8 || map->pitch % 4)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s->pitch %d is not a multiple of 4 of at least %d", what,
                       map->pitch, nx * 8);
    return VELA_OK;
}

vela_status vl_warp_map_check(const vela_warp_map *map, const char *what) { return check_map(map, what); }

vela_status vela_warp_map_point(const vela_warp_map *map, int32_t col, int32_t row, int32_t *x, int32_t *y)
{
    vela_status st = check_map(map, "map");
    if (st != VELA_OK) return st;
    if (col < 0 || col >= map->num_points_x || row < 0 || row >= map->num_points_y)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "point (%d, %d) is outside the map's %dx%d points", col, row,
                       map->num_points_x, map->num_points_y);
    if (x) *x = vl_warp_grid_point(&map->grid, 0, col);
    if (y) *y = vl_warp_grid_point(&map->grid, 1, row);
    return VELA_OK;
}

/* ---- generators ----------------------------------------------------------------------------- */

typedef void (*eval_fn)(const void *ctx, double x, double y, float out[2]);

static vela_status fill(vela_warp_map *map, eval_fn fn, const void *ctx)
{
    for (int32_t j = 0; j < map->num_points_y; j++) {
        float *row = (float *)((char *)map->points + (int64_t)j * map->pitch);
        double y = vl_warp_grid_point(&map->grid, 1, j);
        for (int32_t i = 0; i < map->num_points_x; i++) fn(ctx, vl_warp_grid_point(&map->grid, 0, i), y, row + 2 * i);
    }
    return VELA_OK;
}

static void eval_identity(const void *ctx, double x, double y, float out[2])
{
    (void)ctx;
    out[0] = (float)x;
    out[1] = (float)y;
}

vela_status vela_warp_map_identity(vela_warp_map *map)
{
    vela_status st = check_map(map, "map");
    return st != VELA_OK ? st : fill(map, eval_identity, NULL);
}

static void eval_homography(const void *ctx, double x, double y, float out[2]) { vl_eval_homography(ctx, x, y, out); }

vela_status vela_warp_map_from_homography(vela_warp_map *map, const vela_matrix3 *matrix, uint32_t flags)
{
    vela_status st = check_map(map, "map");
    if (st != VELA_OK) return st;
    if (!matrix) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "matrix is NULL");
    if (flags & ~VELA_WARP_INVERSE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "flags 0x%x has bits other than VELA_WARP_INVERSE", flags);
    double m[9];
    if ((st = vl_homography_dst_to_src(matrix, flags, "matrix", m)) != VELA_OK) return st;
    return fill(map, eval_homography, m);
}

static vela_status check_finite(const double *v, int n, const char *what)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i])) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s has a non-finite value (%g)", what, v[i]);
    return VELA_OK;
}

static vela_status check_matrix(const vela_matrix3 *m, const char *what)
{
    return check_finite(&m->m[0][0], 9, what);
}

/* The common part of the lens generators: cameras, rotation, and (new_camera rotation)^-1. */
static vela_status lens_setup(const vela_warp_map *map, const vela_matrix3 *camera, const vela_matrix3 *rotation,
                              const vela_matrix3 *new_camera, vl_lens_eval *e)
{
    vela_status st = check_map(map, "map");
    if (st != VELA_OK) return st;
    if (!camera) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "camera is NULL");
    if ((st = check_matrix(camera, "camera")) != VELA_OK) return st;
    if (rotation && (st = check_matrix(rotation, "rotation")) != VELA_OK) return st;
    if (new_camera && (st = check_matrix(new_camera, "new_camera")) != VELA_OK) return st;
    if (camera->m[0][0] == 0 || camera->m[1][1] == 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "camera has focal lengths fx %g and fy %g: both must be non-zero",
                       camera->m[0][0], camera->m[1][1]);
    const vela_matrix3 *nc = new_camera ? new_camera : camera;
    vela_matrix3 p;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            p.m[i][j] = 0;
            for (int k = 0; k < 3; k++) p.m[i][j] += nc->m[i][k] * (rotation ? rotation->m[k][j] : (k == j));
        }
    /* (new_camera rotation) maps rays to output pixels: its inverse takes pixels back to rays. */
    if ((st = vl_homography_dst_to_src(&p, 0, new_camera ? "new_camera rotation" : "camera rotation", e->ir)) != VELA_OK)
        return st;
    e->fx = camera->m[0][0];
    e->skew = camera->m[0][1];
    e->cx = camera->m[0][2];
    e->fy = camera->m[1][1];
    e->cy = camera->m[1][2];
    return VELA_OK;
}

static void eval_lens(const void *ctx, double x, double y, float out[2]) { vl_eval_lens(ctx, x, y, out); }

vela_status vela_warp_map_from_polynomial(vela_warp_map *map, const vela_matrix3 *camera,
                                          const vela_lens_polynomial *lens, const vela_matrix3 *rotation,
                                          const vela_matrix3 *new_camera)
{
    vl_lens_eval e;
    memset(&e, 0, sizeof e);
    vela_status st = lens_setup(map, camera, rotation, new_camera, &e);
    if (st != VELA_OK) return st;
    if (!lens) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "lens is NULL");
    if ((st = check_finite(&lens->k1, 8, "lens")) != VELA_OK) return st;
    e.poly = *lens;
    return fill(map, eval_lens, &e);
}

vela_status vela_warp_map_from_fisheye(vela_warp_map *map, const vela_matrix3 *camera, const vela_lens_fisheye *lens,
                                       const vela_matrix3 *rotation, const vela_matrix3 *new_camera)
{
    vl_lens_eval e;
    memset(&e, 0, sizeof e);
    vela_status st = lens_setup(map, camera, rotation, new_camera, &e);
    if (st != VELA_OK) return st;
    if (!lens) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "lens is NULL");
    if ((st = check_finite(&lens->k1, 4, "lens")) != VELA_OK) return st;
    if (lens->mapping < VELA_FISHEYE_EQUIDISTANT || lens->mapping > VELA_FISHEYE_STEREOGRAPHIC)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "lens->mapping %d is not EQUIDISTANT, EQUISOLID, ORTHOGRAPHIC or STEREOGRAPHIC", (int)lens->mapping);
    e.fisheye = 1;
    e.fish = *lens;
    return fill(map, eval_lens, &e);
}
