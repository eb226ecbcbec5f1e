/* Internal: walking a warp map's grid, and evaluating it at every destination pixel. */
#ifndef VL_WARP_MAP_H
#define VL_WARP_MAP_H

#include <stdint.h>
#include <vela/warp_map.h>

/* Checks a grid (regions, spacings) and gives the map size and point counts it implies, or fails
 * naming the field that is wrong under the name `what`. */
vela_status vl_warp_grid_check(const vela_warp_grid *grid, const char *what, int32_t *width, int32_t *height,
                               int32_t *points_x, int32_t *points_y);

/* Checks that a map describes itself consistently (as alloc or wrap left it). */
vela_status vl_warp_map_check(const vela_warp_map *map, const char *what);

/* Where pixel `pos` falls along one axis of the grid: between points `index` and `index + 1`,
 * at `frac` (exactly (pos - point) / spacing; 0 on a point, and then index + 1 is not read). */
void vl_warp_grid_locate(const vela_warp_grid *grid, int vertical, int32_t pos, int32_t *index, float *frac);

/* The destination position of point `index` along one axis. */
int32_t vl_warp_grid_point(const vela_warp_grid *grid, int vertical, int32_t index);

/* Source points (x, y pairs) of every pixel of destination row y, given each column's
 * vl_warp_grid_locate (cols, fracs: map->width entries). Between points, bilinear in float:
 *   top = p00 + (p01 - p00) a, bottom likewise, point = top + (bottom - top) b,
 * with a or b zero skipping its step, so points themselves come out exactly. */
void vl_warp_map_row(const vela_warp_map *map, const int32_t *cols, const float *fracs, int32_t y, float *xy);

/* The model evaluations behind the generators (src/cpu/warp_map_ref.c): the source point of
 * destination pixel (x, y). */
typedef struct vl_lens_eval {
    double ir[9];               /* (new_camera rotation)^-1 */
    double fx, skew, cx, fy, cy; /* the real camera */
    int fisheye;
    vela_lens_polynomial poly;
    vela_lens_fisheye fish;
} vl_lens_eval;

void vl_eval_homography(const double m[9], double x, double y, float out[2]);
void vl_eval_lens(const vl_lens_eval *lens, double x, double y, float out[2]);

#endif
