/* Warp maps: for every destination pixel, the source point it samples (remap's input).
 *
 * A map holds source coordinates (x, y as two floats) at control points laid out on a grid over
 * the destination, VPI style: up to 4 x 4 regions, each with its own power-of-two spacing between
 * control points; pixels between control points take the bilinear interpolation of the four
 * around them. A dense map is one region with spacing 1: a point per pixel, laid out as a 2F32
 * image (x, y pairs, rows `pitch` bytes apart), so maps made elsewhere (cv::initUndistortRectifyMap
 * CV_32FC2, a locked 2F32 vela_image) can be wrapped as they are.
 *
 * Control points of a region start at its first pixel and repeat every `spacing` pixels; regions
 * other than the last are a whole number of spacings long, so the next region's first point ends
 * them, and the last region's last point lies on or past the image's last pixel (it may fall
 * outside the image). vela_warp_map_point gives each point's destination position.
 *
 * Generators fill the points of an allocated (or wrapped) map: identity, a homography, the
 * polynomial (Brown-Conrady) lens model and the fisheye models, the last two as
 * cv::initUndistortRectifyMap and cv::fisheye::initUndistortRectifyMap: each destination pixel of
 * an ideal camera `new_camera`, turned by `rotation`, samples where the real lens `camera` +
 * distortion images that ray. Points no ray reaches (behind a fisheye camera) are NaN: remap reads
 * them as coordinates far outside the source (the border). */
#ifndef VELA_WARP_MAP_H
#define VELA_WARP_MAP_H

#include <stdint.h>
#include <vela/export.h>
#include <vela/geometry.h>
#include <vela/status.h>
#include <vela/warp.h>

VELA_BEGIN_DECLS

#define VELA_WARP_GRID_MAX_REGIONS 4

typedef struct vela_warp_grid {
    int32_t num_horiz_regions, num_vert_regions;            /* 1..4 each */
    int32_t region_width[VELA_WARP_GRID_MAX_REGIONS];      /* pixels; they add up to the width */
    int32_t region_height[VELA_WARP_GRID_MAX_REGIONS];
    int32_t horiz_spacing[VELA_WARP_GRID_MAX_REGIONS];     /* powers of two, 1..256 */
    int32_t vert_spacing[VELA_WARP_GRID_MAX_REGIONS];
} vela_warp_grid;

typedef struct vela_warp_map {
    vela_warp_grid grid;
    int32_t width, height;              /* the destination's size: the regions' sums */
    int32_t num_points_x, num_points_y; /* control points across and down */
    float *points;                      /* x, y per control point, row after row */
    int32_t pitch;                      /* bytes from one row of points to the next */
    void *storage;                      /* what vela_warp_map_alloc allocated, else NULL */
} vela_warp_map;

/* One region each way with spacing 1 (a dense map), or with `spacing` (a power of two, 1..256). */
VELA_API void vela_warp_grid_dense(vela_warp_grid *grid, int32_t width, int32_t height);
VELA_API vela_status vela_warp_grid_uniform(vela_warp_grid *grid, int32_t width, int32_t height,
                                            int32_t spacing);

/* Allocates the points of a map over `grid` (contents undefined until a generator fills them).
 * Release with vela_warp_map_free. */
VELA_API vela_status vela_warp_map_alloc(vela_warp_map *map, const vela_warp_grid *grid);
/* Describes caller-owned points (num_points_x pairs of floats per row, rows `pitch` bytes apart,
 * pitch a multiple of 4): nothing is copied, vela_warp_map_free does not free them. */
VELA_API vela_status vela_warp_map_wrap(vela_warp_map *map, const vela_warp_grid *grid,
                                        float *points, int32_t pitch);
/* Frees what vela_warp_map_alloc allocated and clears the map. NULL is a no-op. */
VELA_API void vela_warp_map_free(vela_warp_map *map);

/* The destination pixel where control point (col, row) sits. */
VELA_API vela_status vela_warp_map_point(const vela_warp_map *map, int32_t col, int32_t row,
                                         int32_t *x, int32_t *y);

/* ---- generators ------------------------------------------------------------------------------ */

/* Every point samples itself. */
VELA_API vela_status vela_warp_map_identity(vela_warp_map *map);

/* Points of the perspective warp `matrix` (flags: VELA_WARP_INVERSE when it maps destination to
 * source, as vela_submit_warp_perspective). Evaluated in double as the warp does. */
VELA_API vela_status vela_warp_map_from_homography(vela_warp_map *map, const vela_matrix3 *matrix,
                                                   uint32_t flags);

/* Undistortion (and rectification) with the polynomial lens model. `camera`: the real camera's
 * [[fx, s, cx], [0, fy, cy], [0, 0, 1]]; `rotation`: NULL for none; `new_camera`: the ideal
 * camera of the output, NULL for `camera`. Evaluated in double. OpenCV ignores the skew s; vela
 * applies it (s = 0 is the same map). */
VELA_API vela_status vela_warp_map_from_polynomial(vela_warp_map *map, const vela_matrix3 *camera,
                                                   const vela_lens_polynomial *lens,
                                                   const vela_matrix3 *rotation,
                                                   const vela_matrix3 *new_camera);

/* The same with a fisheye lens: theta = atan(r), theta_d = theta (1 + k1 theta^2 + ... + k4 theta^8),
 * image radius r_d = theta_d (equidistant), 2 sin(theta_d / 2) (equisolid), sin(theta_d)
 * (orthographic) or 2 tan(theta_d / 2) (stereographic), in units of the focal length. */
VELA_API vela_status vela_warp_map_from_fisheye(vela_warp_map *map, const vela_matrix3 *camera,
                                                const vela_lens_fisheye *lens,
                                                const vela_matrix3 *rotation,
                                                const vela_matrix3 *new_camera);

VELA_END_DECLS

#endif
