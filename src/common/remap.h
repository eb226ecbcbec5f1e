/* Internal: sampling a source plane at per-pixel source points, the core of remap and of the
 * perspective warp (a warp is a remap whose points are computed on the fly).
 *
 * Source points follow OpenCV's fixed point. For LINEAR and CUBIC a point is quantised to 1/32
 * pixel, X = round(32 x); its integer part sx = X >> 5 and fraction fx = X & 31 travel as OpenCV's
 * CV_16SC2 + CV_16UC1 maps hold them: the integer parts saturated to int16, the fractions packed
 * as fy * 32 + fx. NEAREST uses round(x), which is sx or sx + 1: one more bit per axis says which,
 * so one table serves every interpolation. A table entry is thus
 *
 *   xy[2i], xy[2i + 1]: sx, sy (int16)
 *   a[i]: bits 0-4 fx, 5-9 fy, 10 (round(x) - sx), 11 (round(y) - sy)
 *
 * and the perspective warp produces the same entries row by row (its NEAREST points directly as
 * sx, sy with the bits clear). */
#ifndef VL_REMAP_H
#define VL_REMAP_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <vela/image.h>
#include <vela/remap.h>
#include <vela/sampling.h>

#include "common/cost.h"
#include "common/format.h"
#include "common/payload.h"

#define VL_INTER_BITS 5
#define VL_INTER_SIZE 32                 /* sub-pixel positions per pixel */
#define VL_INTER_TAB (VL_INTER_SIZE * VL_INTER_SIZE)
#define VL_COEF_BITS 15                  /* 8-bit weights sum to 1 << 15 */
#define VL_A_FRAC 0x3ffu
#define VL_A_NEAR_X 0x400u
#define VL_A_NEAR_Y 0x800u

/* Sources are addressed with int16 coordinates, as OpenCV's maps; larger images are refused. */
#define VL_SAMPLE_MAX_SIZE 32767

/* How one plane is sampled: its element type and channels, its size, the interpolation and the
 * border, with the constant border already converted to the element type. */
typedef struct vl_sampler {
    vl_depth depth;        /* VL_DEPTH_U8, VL_DEPTH_S16 or VL_DEPTH_F32 */
    int32_t channels;      /* 1 (U8, S16, F32, NV12 luma), 2 (NV12 chroma), 3, 4 */
    int32_t width, height; /* of the source plane */
    vela_interp interp;
    vela_border border;
    union {
        uint8_t u8[4];
        int16_t s16[4];
        float f32[4];
    } cval;
} vl_sampler;

/* Bytes of one pixel of the plane. */
static inline int32_t vl_sampler_pixel_bytes(const vl_sampler *s)
{
    return s->channels * (s->depth == VL_DEPTH_U8 ? 1 : s->depth == VL_DEPTH_S16 ? 2 : 4);
}

static inline int16_t vl_sat_s16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

/* round(v) half to even after clamping to int32, NaN to INT32_MIN: cvRound on x86 for every
 * finite input, and the one fixed answer for the rest, on every backend. */
static inline int32_t vl_round_sat(double v)
{
    if (isnan(v)) return INT32_MIN;
    if (v <= (double)INT32_MIN) return INT32_MIN;
    if (v >= (double)INT32_MAX) return INT32_MAX;
    return (int32_t)nearbyint(v);
}

/* The table entry of a float source point (x, y), as cv::remap quantises a CV_32FC2 map:
 * X = round(32 x) (the product in float, as OpenCV), nearest = round(x). */
static inline void vl_quantize_point(float x, float y, int16_t *xy, uint16_t *a)
{
    int32_t X = vl_round_sat((double)(x * (float)VL_INTER_SIZE));
    int32_t Y = vl_round_sat((double)(y * (float)VL_INTER_SIZE));
    int16_t sx = vl_sat_s16(X >> VL_INTER_BITS), sy = vl_sat_s16(Y >> VL_INTER_BITS);
    int32_t nx = vl_sat_s16(vl_round_sat((double)x)) - sx, ny = vl_sat_s16(vl_round_sat((double)y)) - sy;
    xy[0] = sx;
    xy[1] = sy;
    *a = (uint16_t)((X & (VL_INTER_SIZE - 1)) | (Y & (VL_INTER_SIZE - 1)) << VL_INTER_BITS |
                    (nx ? VL_A_NEAR_X : 0) | (ny ? VL_A_NEAR_Y : 0));
}

/* OpenCV's interpolation weights for each of the 1024 fractions (fy * 32 + fx): bilinear and
 * bicubic (Keys, a = -0.75), as floats for S16 and F32 images and as 15-bit integers summing to
 * 32768 for U8 images, rounded and corrected exactly as cv::remap's tables. Built once. */
typedef struct vl_interp_tables {
    float linear_f[VL_INTER_TAB][4];
    int16_t linear_i[VL_INTER_TAB][4];
    float cubic_f[VL_INTER_TAB][16];
    int16_t cubic_i[VL_INTER_TAB][16];
} vl_interp_tables;

const vl_interp_tables *vl_interp_tables_get(void);

/* The reference sampler: writes the pixel at table entry (sx, sy, a) to `dst` (one pixel of
 * the plane's type), or leaves it when a TRANSPARENT border says so. */
void vl_sample_pixel_ref(const vl_sampler *s, const vela_image_plane *src, int32_t sx, int32_t sy,
                         uint32_t a, void *dst);

/* Samples pixels [x0, x1) of a destination row whose entries are xy[2x], a[x]. */
void vl_sample_row_ref(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy,
                       const uint16_t *a, void *dst_row, int32_t x0, int32_t x1);
#if VELA_HAVE_NEON
/* The same with NEON; the row's pixels whose footprint is inside the source go 8 at a time. */
void vl_sample_row_neon(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy,
                        const uint16_t *a, void *dst_row, int32_t x0, int32_t x1);
#endif

/* ---- remap payload -------------------------------------------------------------------------- */

/* One plane's table on the host: an entry per destination pixel, rows of `width` entries. */
typedef struct vl_remap_table {
    int32_t width, height;
    int16_t *xy;
    uint16_t *a;
} vl_remap_table;

/* The device's form of a table, small so the GPU reads little more than the images: the fixed
 * point coordinates P = 32 * sx + fx (and Q for y) of the pixels on every 8th row and column form
 * a grid; a pixel's P is the grid's bilinear prediction, in integers,
 *   pred = (8 (8 - b) top + 8 b bottom ... ) / 64 rounded down, see vl_remap_predict,
 * plus a residual of 4 bits (NIBBLE, one byte a pixel), 8 bits (BYTE, two) or, when the map is
 * too rough for either, P and Q themselves (RAW, eight). The nearest bits live in a plane of
 * their own, 2 bits a pixel, read by NEAREST only. */
#define VL_REMAP_CELL 8
typedef enum vl_remap_encoding { VL_REMAP_NIBBLE = 0, VL_REMAP_BYTE = 1, VL_REMAP_RAW = 2 } vl_remap_encoding;

typedef struct vl_remap_device_table {
    int32_t width, height;
    vl_remap_encoding encoding;
    int32_t grid_width, grid_height;  /* (width - 1) / 8 + 2 columns, likewise rows */
    void *grid;                       /* int32 pairs P, Q */
    void *residual;                   /* per pixel, rows of width * (1, 2 or 8) bytes */
    void *nearest;                    /* rows of (width + 3) / 4 bytes */
} vl_remap_device_table;

/* Host-side encoding, shared with the tests: fills `grid` ((grid_width * grid_height * 2 int32),
 * `residual` and `nearest` (sized for VL_REMAP_RAW) from a host table, and picks the encoding. */
void vl_remap_encode(const vl_remap_table *t, vl_remap_device_table *d, int32_t *grid,
                     void *residual, uint8_t *nearest);

#ifdef __CUDACC__
#define VL_HOST_DEVICE __host__ __device__
#else
#define VL_HOST_DEVICE
#endif

/* The prediction of pixel (x, y) from the four grid values around it (a = x & 7, b = y & 7). */
static inline VL_HOST_DEVICE int32_t vl_remap_predict(int32_t g00, int32_t g01, int32_t g10, int32_t g11, int32_t a, int32_t b)
{
    int32_t top = 8 * g00 + a * (g01 - g00), bottom = 8 * g10 + a * (g11 - g10);
    return (8 * top + b * (bottom - top) + 32) >> 6;
}

typedef struct vl_remap_payload {
    vela_payload base;
    int32_t width, height;          /* the destination */
    int num_planes;                 /* 2: a chroma table for NV12 follows the luma table */
    vl_remap_table host[2];         /* when created for the CPU */
    vl_remap_device_table device[2]; /* when created for CUDA: pointers are device memory */
    void *host_block;
    void *device_block;
} vl_remap_payload;

/* What a remap task needs: the payload, and a sampler per plane (plane 1 for NV12 chroma). */
typedef struct vl_remap_job {
    const vl_remap_payload *payload;
    int num_planes;
    vl_sampler sampler[2];
} vl_remap_job;

/* Each backend samples destination rows [y0, y1) of plane 0 (and the matching chroma rows); CUDA
 * the whole image on `gpu_stream`. NEON may decline (VELA_ERROR_NOT_IMPLEMENTED) on y0 == y1. */
vela_status vl_remap_ref(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst,
                         int32_t y0, int32_t y1);
vela_status vl_remap_neon(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst,
                          int32_t y0, int32_t y1);
vela_status vl_remap_cuda(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst,
                          void *gpu_stream);

/* ---- shared with the perspective warp -------------------------------------------------------- */

/* The sampler of plane `plane` of a `format` source (width x height) with a border value given
 * per channel, or an error naming `what`. */
vela_status vl_sampler_make(vela_format format, int plane, int32_t width, int32_t height, vela_interp interp,
                            vela_border border, const double border_value[4], vl_sampler *s);

/* Adds to `c` what sampling `pixels` destination pixels of a plane with `s` costs: the taps'
 * arithmetic, their reads (bounded by the whole source plane, which neighbouring pixels share) and
 * the writes. Remap and the warp each add how they find their points. */
void vl_sampling_cost(const vl_sampler *s, double pixels, vl_cost *c);

/* Checks interpolation, border and format for remap and warp (argument names for messages). */
vela_status vl_check_sampling(vela_format format, vela_interp interp, vela_border border,
                              const double border_value[4]);

/* The CUDA device copies of vl_interp_tables' cubic tables, uploaded on first use. */
vela_status vl_cuda_interp_tables(const void **cubic_i, const void **cubic_f, void *gpu_stream);

#endif
