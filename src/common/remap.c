#include "common/remap.h"

#include "common/plan.h"
#include "common/cpu_kernels.h"
#include "common/gpu.h"
#include "common/image.h"
#include "common/status.h"
#include "common/stream.h"
#include "common/warp_map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sampling parameters, shared with the perspective warp ---------------------------------- */

static int sampled_format(vela_format f)
{
    switch (f) {
    case VELA_FORMAT_U8: case VELA_FORMAT_S16: case VELA_FORMAT_F32: case VELA_FORMAT_RGB8: case VELA_FORMAT_BGR8:
    case VELA_FORMAT_RGBA8: case VELA_FORMAT_BGRA8: case VELA_FORMAT_NV12: case VELA_FORMAT_NV12_ER: return 1;
    default: return 0;
    }
}

vela_status vl_check_sampling(vela_format format, vela_interp interp, vela_border border, const double border_value[4])
{
    if (!sampled_format(format))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT,
                       "format %s is not supported (U8, S16, F32, RGB8, BGR8, RGBA8, BGRA8, NV12, NV12_ER are)",
                       vela_format_name(format));
    if (interp != VELA_INTERP_NEAREST && interp != VELA_INTERP_LINEAR && interp != VELA_INTERP_CUBIC)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "interp %d is not NEAREST, LINEAR or CUBIC", (int)interp);
    if ((int)border < VELA_BORDER_CONSTANT || (int)border > VELA_BORDER_TRANSPARENT)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "border %d is not CONSTANT, REPLICATE, REFLECT, REFLECT_101 or TRANSPARENT", (int)border);
    if (format != VELA_FORMAT_F32)
        for (int k = 0; k < 4; k++)
            if (!isfinite(border_value[k]))
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->border_value[%d] is %g: %s needs finite values", k,
                               border_value[k], vela_format_name(format));
    return VELA_OK;
}

vela_status vl_sampler_make(vela_format format, int plane, int32_t width, int32_t height, vela_interp interp,
                            vela_border border, const double bv[4], vl_sampler *s)
{
    memset(s, 0, sizeof *s);
    const vl_format_info *info = vl_format_info_of(format);
    s->depth = info->depth;
    s->channels = info->yuv ? (plane ? 2 : 1) : info->channels;
    vl_plane_extent(info, width, height, plane, &s->width, &s->height, NULL);
    s->interp = interp;
    s->border = border;
    for (int k = 0; k < s->channels; k++) {
        /* cv::Scalar -> the element type: saturate_cast (round half to even, then clamp). */
        double v = info->yuv ? bv[plane ? 1 + k : 0] : bv[k];
        int32_t r = vl_round_sat(v);
        if (s->depth == VL_DEPTH_U8) s->cval.u8[k] = (uint8_t)(r < 0 ? 0 : r > 255 ? 255 : r);
        else if (s->depth == VL_DEPTH_S16) s->cval.s16[k] = vl_sat_s16(r);
        else s->cval.f32[k] = (float)v;
    }
    return VELA_OK;
}

void vl_sampling_cost(const vl_sampler *s, double pixels, vl_cost *c)
{
    double taps = s->interp == VELA_INTERP_NEAREST ? 1 : s->interp == VELA_INTERP_LINEAR ? 4 : 16;
    double bpp = vl_sampler_pixel_bytes(s), src_bytes = (double)s->width * s->height * bpp;
    c->work_items += pixels;
    c->int_ops += pixels * (6 + 3 * taps * s->channels);
    c->bytes_read += src_bytes < pixels * bpp * taps ? src_bytes : pixels * bpp * taps;
    c->bytes_written += pixels * bpp;
}

/* ---- payload -------------------------------------------------------------------------------- */

void vela_remap_params_default(vela_remap_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
}

static void get_pq(const vl_remap_table *t, int32_t x, int32_t y, int32_t *p, int32_t *q)
{
    int64_t i = (int64_t)y * t->width + x;
    uint32_t a = t->a[i];
    *p = t->xy[2 * i] * VL_INTER_SIZE + (int32_t)(a & (VL_INTER_SIZE - 1));
    *q = t->xy[2 * i + 1] * VL_INTER_SIZE + (int32_t)((a >> VL_INTER_BITS) & (VL_INTER_SIZE - 1));
}

/* P and Q at any (x, y) >= 0: past the table's last column or row, extended linearly from the last
 * two (so grid cells that stick out of the image predict as well as the others), and bounded by
 * 2^21 so that vl_remap_predict stays within int32. */
static void get_pq_ext(const vl_remap_table *t, int32_t x, int32_t y, int32_t *p, int32_t *q)
{
    int32_t xs[2] = { x, x }, ys[2] = { y, y }, dx = 0, dy = 0;
    if (x >= t->width) xs[0] = t->width - 1, xs[1] = t->width > 1 ? t->width - 2 : t->width - 1, dx = x - (t->width - 1);
    if (y >= t->height) ys[0] = t->height - 1, ys[1] = t->height > 1 ? t->height - 2 : t->height - 1, dy = y - (t->height - 1);
    int64_t v[2][2][2];  /* [row][col][p or q] */
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) {
            int32_t a, b;
            get_pq(t, xs[c], ys[r], &a, &b);
            v[r][c][0] = a, v[r][c][1] = b;
        }
    for (int k = 0; k < 2; k++) {
        int64_t row0 = v[0][0][k] + dx * (v[0][0][k] - v[0][1][k]), row1 = v[1][0][k] + dx * (v[1][0][k] - v[1][1][k]);
        int64_t e = row0 + dy * (row0 - row1);
        e = e < -(1 << 21) ? -(1 << 21) : e > (1 << 21) ? (1 << 21) : e;
        if (k == 0) *p = (int32_t)e;
        else *q = (int32_t)e;
    }
}

static void grid_of(const vl_remap_table *t, int32_t *gw, int32_t *gh)
{
    *gw = (t->width - 1) / VL_REMAP_CELL + 2;
    *gh = (t->height - 1) / VL_REMAP_CELL + 2;
}

/* Pixel (x, y)'s coordinates and their residuals from the grid's prediction. */
static void residual_at(const vl_remap_table *t, const int32_t *grid, int32_t gw, int32_t x, int32_t y, int32_t pq[2],
                        int32_t r[2])
{
    const int32_t *g0 = grid + 2 * ((int64_t)(y / VL_REMAP_CELL) * gw + x / VL_REMAP_CELL), *g1 = g0 + 2 * gw;
    int32_t a = x % VL_REMAP_CELL, b = y % VL_REMAP_CELL;
    get_pq(t, x, y, &pq[0], &pq[1]);
    for (int c = 0; c < 2; c++) r[c] = pq[c] - vl_remap_predict(g0[c], g0[2 + c], g1[c], g1[2 + c], a, b);
}

void vl_remap_encode(const vl_remap_table *t, vl_remap_device_table *d, int32_t *grid, void *residual,
                     uint8_t *nearest)
{
    int32_t gw, gh;
    grid_of(t, &gw, &gh);
    for (int32_t j = 0; j < gh; j++)
        for (int32_t i = 0; i < gw; i++) {
            get_pq_ext(t, i * VL_REMAP_CELL, j * VL_REMAP_CELL, &grid[2 * (j * gw + i)], &grid[2 * (j * gw + i) + 1]);
        }
    int32_t worst = 0, pq[2], r[2];
    for (int32_t y = 0; y < t->height; y++)
        for (int32_t x = 0; x < t->width; x++) {
            residual_at(t, grid, gw, x, y, pq, r);
            for (int c = 0; c < 2; c++) {
                int32_t m = r[c] == -8 ? 7 : r[c] < 0 ? -r[c] : r[c];  /* a nibble holds -8..7 */
                if (m > worst) worst = m;
            }
        }
    memset(d, 0, sizeof *d);
    d->width = t->width;
    d->height = t->height;
    d->grid_width = gw;
    d->grid_height = gh;
    d->encoding = worst <= 7 ? VL_REMAP_NIBBLE : worst <= 127 ? VL_REMAP_BYTE : VL_REMAP_RAW;
    for (int32_t y = 0; y < t->height; y++)
        for (int32_t x = 0; x < t->width; x++) {
            int64_t k = (int64_t)y * t->width + x;
            residual_at(t, grid, gw, x, y, pq, r);
            if (d->encoding == VL_REMAP_NIBBLE) {
                ((uint8_t *)residual)[k] = (uint8_t)((r[0] & 15) | (r[1] & 15) << 4);
            } else if (d->encoding == VL_REMAP_BYTE) {
                ((int8_t *)residual)[2 * k] = (int8_t)r[0];
                ((int8_t *)residual)[2 * k + 1] = (int8_t)r[1];
            } else {
                ((int32_t *)residual)[2 * k] = pq[0];
                ((int32_t *)residual)[2 * k + 1] = pq[1];
            }
        }
    int32_t nrow = (t->width + 3) / 4;
    memset(nearest, 0, (size_t)nrow * t->height);
    for (int32_t y = 0; y < t->height; y++)
        for (int32_t x = 0; x < t->width; x++) {
            uint32_t bits = t->a[(int64_t)y * t->width + x] >> 10 & 3;
            nearest[(int64_t)y * nrow + x / 4] |= (uint8_t)(bits << (2 * (x % 4)));
        }
}

static int64_t residual_bytes(vl_remap_encoding e) { return e == VL_REMAP_NIBBLE ? 1 : e == VL_REMAP_BYTE ? 2 : 8; }

static void destroy_remap(vela_payload *base)
{
    vl_remap_payload *p = (vl_remap_payload *)base;
    free(p->host_block);
    if (p->device_block) vl_gpu_free(p->device_block);
    free(p);
}

/* The map between two luma columns or rows, at x + 1/2: their mean; past the last one, the last
 * extended by its slope; with a single one, a unit slope along its own axis (c: 0 for x, 1 for y,
 * `axis` the direction of travel). Identity maps thus give identity chroma maps at every size. */
static float half_step(float v0, const float *v1, const float *vm, int c, int axis)
{
    if (v1) return (v0 + *v1) * 0.5f;
    if (vm) return v0 + (v0 - *vm) * 0.5f;
    return v0 + (c == axis ? 0.5f : 0.f);
}

/* Fills both host tables from the map: plane 0 pixel by pixel; plane 1 (NV12 chroma) with the
 * map at the centre of each 2x2 luma block (where the chroma sample sits), moved to chroma
 * pixels: (p - 1/2) / 2. */
static vela_status build_host_tables(const vela_warp_map *map, vl_remap_payload *p)
{
    int32_t w = map->width, h = map->height;
    int32_t *cols = malloc(sizeof(int32_t) * (size_t)w);
    float *fracs = malloc(sizeof(float) * (size_t)w);
    float *rows = malloc(sizeof(float) * 6 * (size_t)w);
    if (!cols || !fracs || !rows) {
        free(cols), free(fracs), free(rows);
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory building remap tables");
    }
    for (int32_t x = 0; x < w; x++) vl_warp_grid_locate(&map->grid, 0, x, &cols[x], &fracs[x]);
    const vl_remap_table *luma = &p->host[0], *chroma = &p->host[1];
    /* r[0], r[1]: luma rows 2 cy and 2 cy + 1; prev: the row above (2 cy - 1). */
    float *r[2] = { rows, rows + 2 * w }, *prev = rows + 4 * w;
    for (int32_t cy = 0; cy < chroma->height; cy++) {
        for (int k = 0; k < 2; k++) {
            int32_t y = 2 * cy + k;
            if (y >= h) break;
            vl_warp_map_row(map, cols, fracs, y, r[k]);
            for (int32_t x = 0; x < w; x++)
                vl_quantize_point(r[k][2 * x], r[k][2 * x + 1], luma->xy + 2 * ((int64_t)y * w + x),
                                  luma->a + (int64_t)y * w + x);
        }
        int has_below = 2 * cy + 1 < h, has_above = cy > 0;
        for (int32_t cx = 0; cx < chroma->width; cx++) {
            int32_t x0 = 2 * cx;
            float c[2];
            for (int k = 0; k < 2; k++) {
                const float *right = x0 + 1 < w ? &r[0][2 * x0 + 2 + k] : NULL, *left = x0 > 0 ? &r[0][2 * x0 - 2 + k] : NULL;
                float top = half_step(r[0][2 * x0 + k], right, left, k, 0), below = 0, above = 0;
                if (has_below) {
                    right = x0 + 1 < w ? &r[1][2 * x0 + 2 + k] : NULL, left = x0 > 0 ? &r[1][2 * x0 - 2 + k] : NULL;
                    below = half_step(r[1][2 * x0 + k], right, left, k, 0);
                } else if (has_above) {
                    right = x0 + 1 < w ? &prev[2 * x0 + 2 + k] : NULL, left = x0 > 0 ? &prev[2 * x0 - 2 + k] : NULL;
                    above = half_step(prev[2 * x0 + k], right, left, k, 0);
                }
                float centre = half_step(top, has_below ? &below : NULL, has_above ? &above : NULL, k, 1);
                c[k] = (centre - 0.5f) * 0.5f;
            }
            int64_t i = (int64_t)cy * chroma->width + cx;
            vl_quantize_point(c[0], c[1], chroma->xy + 2 * i, chroma->a + i);
        }
        float *t = prev;  /* the row below this pair is the next pair's row above */
        prev = r[1];
        r[1] = t;
    }
    free(cols), free(fracs), free(rows);
    return VELA_OK;
}

static int64_t align256(int64_t n) { return (n + 255) / 256 * 256; }

/* Encodes both planes, then uploads them in one device block: per plane the grid, the residuals
 * and the nearest bits, each 256-byte aligned. */
static vela_status upload_device_tables(vl_remap_payload *p)
{
    uint8_t *parts[2][3] = { { NULL } };
    int64_t sizes[2][3], total = 0;
    vela_status st = VELA_OK;
    for (int i = 0; i < 2 && st == VELA_OK; i++) {
        const vl_remap_table *t = &p->host[i];
        int32_t gw, gh;
        grid_of(t, &gw, &gh);
        sizes[i][0] = (int64_t)gw * gh * 8;
        sizes[i][1] = (int64_t)t->width * t->height * 8;
        sizes[i][2] = (int64_t)(t->width + 3) / 4 * t->height;
        for (int k = 0; k < 3; k++)
            if (!(parts[i][k] = malloc((size_t)sizes[i][k]))) st = vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory encoding remap tables");
        if (st != VELA_OK) break;
        vl_remap_encode(t, &p->device[i], (int32_t *)parts[i][0], parts[i][1], parts[i][2]);
        sizes[i][1] = (int64_t)t->width * t->height * residual_bytes(p->device[i].encoding);
        for (int k = 0; k < 3; k++) total += align256(sizes[i][k]);
    }
    uint8_t *host = st == VELA_OK ? malloc((size_t)total) : NULL;
    if (st == VELA_OK && !host) st = vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory staging remap tables");
    int64_t off[2][3], at = 0;
    if (st == VELA_OK)
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++) {
                off[i][k] = at;
                memcpy(host + at, parts[i][k], (size_t)sizes[i][k]);
                at += align256(sizes[i][k]);
            }
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++) free(parts[i][k]);
    void *dev = NULL;
    if (st == VELA_OK) st = vl_gpu_alloc(&dev, (size_t)total);
    if (st == VELA_OK) st = vl_gpu_copy_2d(dev, (size_t)total, host, (size_t)total, (size_t)total, 1, NULL);
    free(host);
    if (st != VELA_OK) {
        if (dev) vl_gpu_free(dev);
        return st;
    }
    p->device_block = dev;
    for (int i = 0; i < 2; i++) {
        p->device[i].grid = (uint8_t *)dev + off[i][0];
        p->device[i].residual = (uint8_t *)dev + off[i][1];
        p->device[i].nearest = (uint8_t *)dev + off[i][2];
    }
    return VELA_OK;
}

vela_status vela_create_remap(uint32_t backends, const vela_warp_map *map, vela_payload **payload)
{
    if (!payload) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "payload (the output pointer) is NULL");
    *payload = NULL;
    if (backends & ~(uint32_t)VELA_BACKEND_ALL)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "backends 0x%x has bits other than CPU and CUDA", backends);
    if (backends == 0) backends = VELA_BACKEND_CPU | (vl_gpu_present() ? VELA_BACKEND_CUDA : 0);
    if ((backends & VELA_BACKEND_CUDA) && !vl_gpu_present())
        return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backends asks for CUDA, which is not available here");
    vela_status st = vl_warp_map_check(map, "map");
    if (st != VELA_OK) return st;

    vl_remap_payload *p = calloc(1, sizeof *p);
    if (!p) return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory creating a remap payload");
    vl_payload_init(&p->base, "remap", backends, destroy_remap);
    p->width = map->width;
    p->height = map->height;
    p->num_planes = 2;
    int64_t n[2] = { (int64_t)map->width * map->height,
                     (int64_t)((map->width + 1) / 2) * ((map->height + 1) / 2) };
    /* Both planes' tables in one block: xy (4 bytes an entry), then a (2 bytes), 64-aligned. */
    int64_t xy_bytes[2] = { (n[0] * 4 + 63) / 64 * 64, (n[1] * 4 + 63) / 64 * 64 };
    int64_t a_bytes[2] = { (n[0] * 2 + 63) / 64 * 64, (n[1] * 2 + 63) / 64 * 64 };
    if (posix_memalign(&p->host_block, 64, (size_t)(xy_bytes[0] + a_bytes[0] + xy_bytes[1] + a_bytes[1])) != 0) {
        p->host_block = NULL;
        destroy_remap(&p->base);
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory for the remap tables of a %dx%d map", map->width,
                       map->height);
    }
    uint8_t *b = p->host_block;
    for (int i = 0; i < 2; i++) {
        p->host[i].width = i ? (map->width + 1) / 2 : map->width;
        p->host[i].height = i ? (map->height + 1) / 2 : map->height;
        p->host[i].xy = (int16_t *)b;
        p->host[i].a = (uint16_t *)(b + xy_bytes[i]);
        b += xy_bytes[i] + a_bytes[i];
    }
    if ((st = build_host_tables(map, p)) != VELA_OK ||
        ((backends & VELA_BACKEND_CUDA) && (st = upload_device_tables(p)) != VELA_OK)) {
        destroy_remap(&p->base);
        return st;
    }
    if (!(backends & VELA_BACKEND_CPU)) {  /* the host tables only served to encode the device's */
        free(p->host_block);
        p->host_block = NULL;
        memset(p->host, 0, sizeof p->host);
    }
    *payload = &p->base;
    return VELA_OK;
}

/* ---- submission ----------------------------------------------------------------------------- */

typedef struct band_args {
    const vl_remap_job *job;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void remap_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_remap_neon(b->job, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_remap_ref(b->job, b->src, b->dst, y0, y1);
}

static vela_status run_remap(const vl_task_ctx *ctx)
{
    const vl_remap_job *job = ctx->args;
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_remap_cuda(job, src, dst, ctx->gpu_stream);
#endif
    band_args b = { job, src, dst, false };
#if VELA_HAVE_NEON
    b.neon = vl_cpu_neon_enabled() && vl_remap_neon(job, src, dst, 0, 0) == VELA_OK;
#endif
    const vl_sampler *s = &job->sampler[0];
    double row_bytes = 8 * (2.0 * vl_sampler_pixel_bytes(s) + 6) * job->payload->width;
    vl_run_bands(ctx, job->payload->height, job->num_planes > 1 ? 2 : 1, row_bytes, remap_band, &b);
    return VELA_OK;
}

static vl_cost cost_of(const vl_remap_job *job)
{
    vl_cost c = { .algorithm = "remap" };
    for (int i = 0; i < job->num_planes; i++) {
        int32_t w = i ? (job->payload->width + 1) / 2 : job->payload->width;
        int32_t h = i ? (job->payload->height + 1) / 2 : job->payload->height;
        double px = (double)w * h;
        vl_sampling_cost(&job->sampler[i], px, &c);
        c.bytes_read += 6 * px;  /* and the table, an entry of 6 bytes per pixel */
    }
    return c;
}

/* "remap WxH[->WxH] FORMAT [interp=...]": a map of the output's size (an undistortion, say). */
vela_status vl_remap_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vela_interp interp;
    vela_status st = vl_stage_interp(stage, VELA_INTERP_LINEAR, &interp);
    if (st != VELA_OK) return st;
    vela_format f = stage->src_format;
    if (stage->dst_format != f) return vl_fail(VELA_ERROR_PARSE, "line %d: remap keeps the format", stage->line);
    vl_remap_payload payload = { .width = stage->out_width, .height = stage->out_height };
    vl_remap_job job = { .payload = &payload };
    const double border[4] = { 0 };
    if ((st = vl_check_sampling(f, interp, VELA_BORDER_CONSTANT, border)) != VELA_OK) return st;
    job.num_planes = payload.num_planes = vl_format_info_of(f)->num_planes;
    for (int i = 0; i < job.num_planes && st == VELA_OK; i++)
        st = vl_sampler_make(f, i, stage->width, stage->height, interp, VELA_BORDER_CONSTANT, border, &job.sampler[i]);
    if (st == VELA_OK) *cost = cost_of(&job);
    return st;
}

vela_status vela_submit_remap(vela_stream *stream, vela_backend backend, vela_payload *payload, vela_image *src,
                              vela_image *dst, vela_interp interp, vela_border border, const vela_remap_params *params)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!payload) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "payload is NULL");
    if (!payload->algorithm || strcmp(payload->algorithm, "remap") != 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "payload was made by vela_create_%s, not vela_create_remap",
                       payload->algorithm ? payload->algorithm : "?");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src and dst are the same image: remapping in place is not supported");
    const vl_remap_payload *p = (const vl_remap_payload *)payload;
    vela_remap_params defaults;
    vela_remap_params_default(&defaults);
    if (!params) params = &defaults;
    vela_format f = vl_image_format(src);
    if (vl_image_format(dst) != f)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "dst is %s but src is %s: formats must match",
                       vela_format_name(vl_image_format(dst)), vela_format_name(f));
    vela_status st = vl_check_sampling(f, interp, border, params->border_value);
    if (st != VELA_OK) return st;
    int32_t sw = vl_image_width(src), sh = vl_image_height(src);
    if (vl_image_width(dst) != p->width || vl_image_height(dst) != p->height)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is %dx%d but the payload's map is %dx%d: they must match",
                       vl_image_width(dst), vl_image_height(dst), p->width, p->height);
    if (sw > VL_SAMPLE_MAX_SIZE || sh > VL_SAMPLE_MAX_SIZE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is %dx%d: remap reads sources up to %dx%d", sw, sh,
                       VL_SAMPLE_MAX_SIZE, VL_SAMPLE_MAX_SIZE);
    if (backend == VELA_BACKEND_CPU || backend == VELA_BACKEND_CUDA) {
        if (!(payload->backends & backend))
            return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "backend is %s, but the payload was created without it",
                           vela_backend_name(backend));
    } else if (backend == VELA_BACKEND_AUTO && payload->backends != VELA_BACKEND_ALL) {
        backend = (vela_backend)payload->backends;  /* the only side with tables */
    }

    vl_remap_job job;
    memset(&job, 0, sizeof job);
    job.payload = p;
    job.num_planes = vl_format_info_of(f)->num_planes;
    for (int i = 0; i < job.num_planes; i++)
        if ((st = vl_sampler_make(f, i, sw, sh, interp, border, params->border_value, &job.sampler[i])) != VELA_OK)
            return st;
    vl_operand ops[2] = { { src, VL_READ, "src" },
                          { dst, border == VELA_BORDER_TRANSPARENT ? VL_READ_WRITE : VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&job);
    if ((st = vl_submit(stream, backend, ops, 2, &cost, run_remap, &job, sizeof job)) != VELA_OK) return st;
    vl_payload_set_last(payload, stream);
    return VELA_OK;
}
