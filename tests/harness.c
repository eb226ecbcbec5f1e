#include "harness.h"

#include "common/format.h"
#include "common/half.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int vt_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? 0 : 1;
}

int vt_skip_without_gpu(void)
{
    return vela_backend_available(VELA_BACKEND_CUDA) ? 0 : 77;
}

static uint32_t state = 0x9E3779B9u;

void vt_seed(uint32_t seed) { state = seed ? seed : 1; }

uint32_t vt_rand(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

void vt_fill_random(void *data, size_t bytes)
{
    uint8_t *p = data;
    for (size_t i = 0; i < bytes; i++) p[i] = (uint8_t)(vt_rand() >> 24);
}

vt_buffer vt_buffer_alloc(vela_format format, int32_t width, int32_t height, int32_t pad, int32_t misalign)
{
    vt_buffer b = { { format, width, height, vela_format_num_planes(format), { { 0 } } }, { 0 } };
    int elem = vl_depth_bytes(vl_format_info_of(format)->depth);  /* vela requires element alignment */
    pad = (pad + elem - 1) / elem * elem;
    misalign = (misalign + elem - 1) / elem * elem;
    for (int p = 0; p < b.data.num_planes; p++) {
        int32_t rows, row_bytes;
        vela_format_plane_extent(format, width, height, p, NULL, &rows, &row_bytes);
        int32_t pitch = row_bytes + pad;
        b.blocks[p] = malloc((size_t)pitch * rows + 64);
        b.data.planes[p].data = (uint8_t *)b.blocks[p] + misalign;
        b.data.planes[p].pitch = pitch;
    }
    vt_poison_data(&b.data);
    return b;
}

void vt_buffer_free(vt_buffer *b)
{
    for (int p = 0; p < VELA_MAX_PLANES; p++) free(b->blocks[p]);
    memset(b, 0, sizeof *b);
}

static void plane_geometry(const vela_image_data *d, int p, int32_t *rows, int32_t *row_bytes)
{
    vela_format_plane_extent(d->format, d->width, d->height, p, NULL, rows, row_bytes);
}

void vt_poison_data(const vela_image_data *d)
{
    for (int p = 0; p < vela_format_num_planes(d->format); p++) {
        int32_t rows;
        plane_geometry(d, p, &rows, NULL);
        memset(d->planes[p].data, VT_POISON, (size_t)d->planes[p].pitch * rows);
    }
}

void vt_fill_data(const vela_image_data *d)
{
    for (int p = 0; p < vela_format_num_planes(d->format); p++) {
        int32_t rows, row_bytes;
        plane_geometry(d, p, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++)
            vt_fill_random((uint8_t *)d->planes[p].data + (size_t)y * d->planes[p].pitch, (size_t)row_bytes);
    }
}

size_t vt_diff_data(const vela_image_data *a, const vela_image_data *b)
{
    size_t diff = 0;
    for (int p = 0; p < vela_format_num_planes(a->format); p++) {
        int32_t rows, row_bytes;
        plane_geometry(a, p, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++) {
            const uint8_t *ra = (const uint8_t *)a->planes[p].data + (size_t)y * a->planes[p].pitch;
            const uint8_t *rb = (const uint8_t *)b->planes[p].data + (size_t)y * b->planes[p].pitch;
            for (int32_t x = 0; x < row_bytes; x++) diff += ra[x] != rb[x];
        }
    }
    return diff;
}

size_t vt_diff_images(vela_image *a, vela_image *b)
{
    vela_image_data da, db;
    VT_OK(vela_image_lock(a, VELA_LOCK_READ, VELA_BUFFER_HOST, &da));
    VT_OK(vela_image_lock(b, VELA_LOCK_READ, VELA_BUFFER_HOST, &db));
    size_t n = vt_diff_data(&da, &db);
    VT_OK(vela_image_unlock(a));
    VT_OK(vela_image_unlock(b));
    return n;
}

int vt_padding_intact(const vela_image_data *d)
{
    for (int p = 0; p < vela_format_num_planes(d->format); p++) {
        int32_t rows, row_bytes;
        plane_geometry(d, p, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++) {
            const uint8_t *r = (const uint8_t *)d->planes[p].data + (size_t)y * d->planes[p].pitch;
            for (int32_t x = row_bytes; x < d->planes[p].pitch; x++)
                if (r[x] != VT_POISON) return 0;
        }
    }
    return 1;
}

static double element(const vl_format_info *info, const uint8_t *row, int32_t i)
{
    switch (info->depth) {
    case VL_DEPTH_S8: return ((const int8_t *)row)[i];
    case VL_DEPTH_U16: return ((const uint16_t *)row)[i];
    case VL_DEPTH_S16: return ((const int16_t *)row)[i];
    case VL_DEPTH_U32: return ((const uint32_t *)row)[i];
    case VL_DEPTH_S32: return ((const int32_t *)row)[i];
    case VL_DEPTH_F16: return vl_f16_to_f32(((const uint16_t *)row)[i]);
    case VL_DEPTH_F32: return ((const float *)row)[i];
    default: return row[i];
    }
}

double vt_max_abs_diff(const vela_image_data *a, const vela_image_data *b)
{
    const vl_format_info *info = vl_format_info_of(a->format);
    int eb = vl_depth_bytes(info->depth);
    double worst = 0;
    for (int p = 0; p < info->num_planes; p++) {
        int32_t rows, row_bytes;
        plane_geometry(a, p, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++) {
            const uint8_t *ra = (const uint8_t *)a->planes[p].data + (size_t)y * a->planes[p].pitch;
            const uint8_t *rb = (const uint8_t *)b->planes[p].data + (size_t)y * b->planes[p].pitch;
            for (int32_t i = 0; i < row_bytes / eb; i++) {
                double va = element(info, ra, i), vb = element(info, rb, i);
                double d;
                if (isnan(va) || isnan(vb)) d = isnan(va) && isnan(vb) ? 0 : INFINITY;
                else if (va == vb) d = 0;  /* equal infinities */
                else d = fabs(va - vb);
                if (d > worst) worst = d;
            }
        }
    }
    return worst;
}

void vt_copy_data(const vela_image_data *dst, const vela_image_data *src)
{
    for (int p = 0; p < vela_format_num_planes(src->format); p++) {
        int32_t rows, row_bytes;
        plane_geometry(src, p, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++)
            memcpy((uint8_t *)dst->planes[p].data + (size_t)y * dst->planes[p].pitch,
                   (const uint8_t *)src->planes[p].data + (size_t)y * src->planes[p].pitch, (size_t)row_bytes);
    }
}

void vt_fill_image(vela_image *img)
{
    vela_image_data d;
    VT_OK(vela_image_lock(img, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    vt_fill_data(&d);
    VT_OK(vela_image_unlock(img));
}

void vt_copy_image(vela_image *dst, vela_image *src)
{
    vela_image_data ds, dd;
    VT_OK(vela_image_lock(src, VELA_LOCK_READ, VELA_BUFFER_HOST, &ds));
    VT_OK(vela_image_lock(dst, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &dd));
    vt_copy_data(&dd, &ds);
    VT_OK(vela_image_unlock(src));
    VT_OK(vela_image_unlock(dst));
}

vt_wrapped vt_wrap_pair(const vela_image_data *src, const vela_image_data *dst)
{
    vt_wrapped w;
    VT_OK(vela_image_wrap_host(src, 0, &w.src));
    VT_OK(vela_image_wrap_host(dst, 0, &w.dst));
    return w;
}

void vt_unwrap_pair(vela_stream *s, vt_wrapped *w)
{
    vela_image_data d;
    VT_OK(vela_image_lock(w->dst, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    VT_OK(vela_image_unlock(w->dst));
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(w->src);
    vela_image_destroy(w->dst);
    w->src = w->dst = NULL;
}
