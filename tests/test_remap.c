#include "harness.h"

#include "common/payload.h"
#include "common/remap.h"
#include "geometry_cases.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A dense map of w x h: smooth (a homography, mostly inside a sw x sh source), or rough (random
 * points around and beyond the source, with NaN, infinities, ties at 1/64 and huge values). */
static void fill_map(vela_warp_map *m, int rough, int32_t sw, int32_t sh, int which)
{
    if (!rough) {
        vela_matrix3 mat = vt_matrix(which, sw, sh, m->width, m->height);
        VT_OK(vela_warp_map_from_homography(m, &mat, VELA_WARP_INVERSE));
        return;
    }
    static const float specials[] = { NAN, INFINITY, -INFINITY, 1e9f, -1e9f, 0.5f, -0.5f, 1.0f / 64, 2.5f,
                                      -1.0f / 64, 3.0f + 1.0f / 64, 40000.0f, -40000.0f };
    for (int32_t j = 0; j < m->num_points_y; j++)
        for (int32_t i = 0; i < m->num_points_x; i++) {
            float *p = (float *)((char *)m->points + (int64_t)j * m->pitch) + 2 * i;
            for (int c = 0; c < 2; c++) {
                uint32_t r = vt_rand();
                float span = (float)(c ? sh : sw);
                if (r % 17 == 0) p[c] = specials[(r >> 8) % (sizeof specials / sizeof specials[0])];
                else p[c] = ((float)(r >> 8) / (float)(1 << 24)) * (span + 8) - 4;
            }
        }
}

static vela_payload *make_payload(int32_t w, int32_t h, int rough, int32_t sw, int32_t sh, int which)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, w, h);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    fill_map(&m, rough, sw, sh, which);
    vela_payload *p;
    VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &p));
    vela_warp_map_free(&m);
    return p;
}

/* The table of a dense map holds each point as cv::remap quantises it: X = round(32 x) split
 * into a saturated int16 and 5 fraction bits, and round(x) - (X >> 5) in the nearest bit. */
START_TEST(test_table_quantisation_matches_opencv_rules)
{
    vt_seed(11);
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 61, 23);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    fill_map(&m, 1, 50, 20, 0);
    vela_payload *pl;
    VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &pl));
    const vl_remap_table *t = &((const vl_remap_payload *)pl)->host[0];
    for (int32_t y = 0; y < 23; y++)
        for (int32_t x = 0; x < 61; x++) {
            const float *p = (const float *)((const char *)m.points + y * m.pitch) + 2 * x;
            int64_t i = (int64_t)y * 61 + x;
            for (int c = 0; c < 2; c++) {
                double v = p[c], X = isnan(v) ? -2147483648.0 : rint(fmax(fmin((double)(p[c] * 32.f), 2147483647.0), -2147483648.0));
                double n = isnan(v) ? -32768 : fmax(fmin(rint(fmax(fmin(v, 2147483647.0), -2147483648.0)), 32767), -32768);
                double sx = fmax(fmin(floor(X / 32), 32767), -32768);
                int32_t frac = (int32_t)(t->a[i] >> (5 * c)) & 31, bit = (t->a[i] >> (10 + c)) & 1;
                ck_assert_msg(t->xy[2 * i + c] == sx, "(%d, %d)[%d] = %g: int part %d, expected %g", x, y, c, v,
                              t->xy[2 * i + c], sx);
                ck_assert_int_eq(frac, (int32_t)(X - 32 * floor(X / 32)));
                ck_assert_msg(t->xy[2 * i + c] + bit == n, "(%d, %d)[%d] = %g: nearest %d, expected %g", x, y, c, v,
                              t->xy[2 * i + c] + bit, n);
            }
        }
    vela_payload_destroy(pl);
    vela_warp_map_free(&m);
}
END_TEST

/* The device tables' encoding decodes (as the kernel decodes it) to the host table, for a smooth
 * map (nibbles), a slightly rough one (bytes) and a random one (raw). */
START_TEST(test_device_encoding_round_trip)
{
    vt_seed(12);
    const int32_t w = 45, h = 27;
    for (int kind = 0; kind < 3; kind++) {
        vela_warp_grid g;
        vela_warp_grid_dense(&g, w, h);
        vela_warp_map m;
        VT_OK(vela_warp_map_alloc(&m, &g));
        fill_map(&m, kind == 2, 60, 40, 0);
        if (kind == 1)  /* jitter of up to a pixel: too rough for nibbles */
            for (int32_t j = 0; j < h; j++)
                for (int32_t i = 0; i < w; i++) ((float *)((char *)m.points + j * m.pitch))[2 * i] += (float)(vt_rand() % 32) / 32.0f;
        vela_payload *pl;
        VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &pl));
        const vl_remap_table *t = &((const vl_remap_payload *)pl)->host[0];
        int32_t gw = (w - 1) / 8 + 2, gh = (h - 1) / 8 + 2;
        int32_t *grid = malloc(sizeof(int32_t) * 2 * gw * gh);
        uint8_t *res = malloc((size_t)w * h * 8), *near = malloc((size_t)(w + 3) / 4 * h);
        vl_remap_device_table d;
        vl_remap_encode(t, &d, grid, res, near);
        ck_assert_int_eq(d.encoding, kind == 0 ? VL_REMAP_NIBBLE : kind == 1 ? VL_REMAP_BYTE : VL_REMAP_RAW);
        for (int32_t y = 0; y < h; y++)
            for (int32_t x = 0; x < w; x++) {
                int64_t i = (int64_t)y * w + x;
                int32_t pq[2];
                for (int c = 0; c < 2; c++) {
                    const int32_t *g0 = grid + 2 * ((y / 8) * gw + x / 8), *g1 = g0 + 2 * gw;
                    int32_t pred = vl_remap_predict(g0[c], g0[2 + c], g1[c], g1[2 + c], x % 8, y % 8), r;
                    if (d.encoding == VL_REMAP_NIBBLE) r = (int32_t)((uint32_t)(res[i] >> (4 * c)) << 28) >> 28;
                    else if (d.encoding == VL_REMAP_BYTE) r = (int8_t)res[2 * i + c];
                    else r = ((int32_t *)res)[2 * i + c] - pred;
                    pq[c] = pred + r;
                }
                ck_assert_int_eq(pq[0], t->xy[2 * i] * 32 + (t->a[i] & 31));
                ck_assert_int_eq(pq[1], t->xy[2 * i + 1] * 32 + ((t->a[i] >> 5) & 31));
                ck_assert_int_eq((near[y * ((w + 3) / 4) + x / 4] >> (2 * (x % 4))) & 3, (t->a[i] >> 10) & 3);
            }
        free(grid), free(res), free(near);
        vela_payload_destroy(pl);
        vela_warp_map_free(&m);
    }
}
END_TEST

typedef vela_status (*remap_fn)(const vl_remap_job *, const vela_image_data *, const vela_image_data *, int32_t, int32_t);

static void job_for(vl_remap_job *job, const vela_payload *pl, vela_format f, int32_t sw, int32_t sh, vela_interp interp,
                    vela_border border)
{
    static const double bv[4] = { 17.6, 200, -3, 99 };
    memset(job, 0, sizeof *job);
    job->payload = (const vl_remap_payload *)pl;
    job->num_planes = vela_format_num_planes(f);
    for (int i = 0; i < job->num_planes; i++) VT_OK(vl_sampler_make(f, i, sw, sh, interp, border, bv, &job->sampler[i]));
}

/* NEON against the reference, every format, interpolation and border, smooth and rough maps, odd
 * sizes, padded and unaligned rows. */
START_TEST(test_neon_vs_ref_any_width_pitched_border_all)
{
#if VELA_HAVE_NEON
    static const int32_t sizes[][4] = { { 1, 1, 1, 1 }, { 7, 3, 9, 4 }, { 17, 5, 16, 6 }, { 33, 17, 40, 13 }, { 3, 40, 37, 3 } };
    vt_seed(21);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int rough = 0; rough < 2; rough++) {
            int32_t sw = sizes[k][0], sh = sizes[k][1], dw = sizes[k][2], dh = sizes[k][3];
            vela_payload *pl = make_payload(dw, dh, rough, sw, sh, (int)k % VT_NUM_MATRICES);
            for (int f = 0; f < VT_NUM_GEO_FORMATS; f++) {
                vela_format fmt = vt_geo_formats[f];
                vt_buffer src = vt_buffer_alloc(fmt, sw, sh, 5, 1 + (int)k % 3);
                vt_buffer init = vt_buffer_alloc(fmt, dw, dh, 0, 0);
                vt_buffer a = vt_buffer_alloc(fmt, dw, dh, 7, (int)k % 4), b = vt_buffer_alloc(fmt, dw, dh, 3, 2);
                vt_fill_data(&src.data);
                vt_fill_data(&init.data);
                for (int i = 0; i < 3; i++)
                    for (int bd = 0; bd < 5; bd++) {
                        vl_remap_job job;
                        job_for(&job, pl, fmt, sw, sh, vt_interps[i], vt_borders[bd]);
                        remap_fn fns[2] = { vl_remap_neon, vl_remap_ref };
                        vt_buffer *outs[2] = { &a, &b };
                        for (int n = 0; n < 2; n++) {
                            vt_poison_data(&outs[n]->data);
                            if (vt_borders[bd] == VELA_BORDER_TRANSPARENT) vt_copy_data(&outs[n]->data, &init.data);
                            ck_assert_int_eq(fns[n](&job, &src.data, &outs[n]->data, 0, 0), VELA_OK);
                            VT_OK(fns[n](&job, &src.data, &outs[n]->data, 0, dh));
                        }
                        double d = vt_max_abs_diff(&a.data, &b.data);
                        ck_assert_msg(d == 0, "%s %dx%d -> %dx%d %s map %s %s: NEON differs from the reference by %g",
                                      vela_format_name(fmt), sw, sh, dw, dh, rough ? "rough" : "smooth", vt_interp_names[i],
                                      vt_border_names[bd], d);
                        ck_assert(vt_padding_intact(&a.data));
                    }
                vt_buffer_free(&src), vt_buffer_free(&init), vt_buffer_free(&a), vt_buffer_free(&b);
            }
            vela_payload_destroy(pl);
        }
#endif
}
END_TEST

/* A large odd size through an undistortion map, NEON against the reference (under qemu: one
 * case). */
START_TEST(test_neon_vs_ref_1921x1081)
{
#if VELA_HAVE_NEON
    static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, VELA_FORMAT_NV12, VELA_FORMAT_F32 };
#if defined(__aarch64__)
    const int nformats = 1, ninterps = 1;
#else
    const int nformats = 4, ninterps = 3;
#endif
    vela_warp_grid g;
    VT_OK(vela_warp_grid_uniform(&g, 1921, 1081, 16));
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 k = { { { 1500, 0, 960.3 }, { 0, 1500, 540.2 }, { 0, 0, 1 } } };
    vela_lens_polynomial lens = { -0.3, 0.1, -0.01, 0, 0, 0, 1e-3, -5e-4 };
    VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, NULL, NULL));
    vela_payload *pl;
    VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &pl));
    vt_seed(1081);
    for (int f = 0; f < nformats; f++) {
        vt_buffer src = vt_buffer_alloc(formats[f], 1921, 1081, 3, 1);
        vt_buffer a = vt_buffer_alloc(formats[f], 1921, 1081, 5, 0), b = vt_buffer_alloc(formats[f], 1921, 1081, 0, 0);
        vt_fill_data(&src.data);
        for (int i = 0; i < ninterps; i++) {
            vl_remap_job job;
            job_for(&job, pl, formats[f], 1921, 1081, vt_interps[(i + 1) % 3], VELA_BORDER_CONSTANT);
            VT_OK(vl_remap_neon(&job, &src.data, &a.data, 0, 1081));
            VT_OK(vl_remap_ref(&job, &src.data, &b.data, 0, 1081));
            ck_assert_msg(vt_max_abs_diff(&a.data, &b.data) == 0, "%s %s", vela_format_name(formats[f]), vt_interp_names[(i + 1) % 3]);
            ck_assert(vt_padding_intact(&a.data));
        }
        vt_buffer_free(&src), vt_buffer_free(&a), vt_buffer_free(&b);
    }
    vela_payload_destroy(pl);
    vela_warp_map_free(&m);
#endif
}
END_TEST

/* The public API on the CPU backend (bands) against the reference kernel, and the CPU backend's
 * results for an identity map: a copy, NV12's chroma included, at odd sizes. */
START_TEST(test_cpu_backend_vs_ref_and_identity_copy)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(31);
    const int32_t sw = 203, sh = 117, dw = 231, dh = 121;
    vela_payload *pl = make_payload(dw, dh, 0, sw, sh, 0);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
        for (int i = 0; i < 3; i++) {
            vela_format fmt = vt_geo_formats[f];
            vt_buffer src = vt_buffer_alloc(fmt, sw, sh, 7, 1), out = vt_buffer_alloc(fmt, dw, dh, 11, 3);
            vt_buffer ref = vt_buffer_alloc(fmt, dw, dh, 0, 0);
            vt_fill_data(&src.data);
            vela_image *is, *id;
            VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
            VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
            vela_remap_params p;
            vela_remap_params_default(&p);
            p.border_value[0] = 17.6, p.border_value[1] = 200, p.border_value[2] = -3, p.border_value[3] = 99;
            VT_OK(vela_submit_remap(s, VELA_BACKEND_CPU, pl, is, id, vt_interps[i], VELA_BORDER_REFLECT, &p));
            VT_OK(vela_stream_sync(s));
            vl_remap_job job;
            job_for(&job, pl, fmt, sw, sh, vt_interps[i], VELA_BORDER_REFLECT);
            VT_OK(vl_remap_ref(&job, &src.data, &ref.data, 0, dh));
            ck_assert_msg(vt_max_abs_diff(&out.data, &ref.data) == 0, "%s %s", vela_format_name(fmt), vt_interp_names[i]);
            ck_assert(vt_padding_intact(&out.data));
            vela_image_destroy(is), vela_image_destroy(id);
            vt_buffer_free(&src), vt_buffer_free(&out), vt_buffer_free(&ref);
        }
    vela_payload_destroy(pl);

    static const int32_t sizes[][2] = { { 1, 1 }, { 7, 3 }, { 20, 11 }, { 33, 16 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int32_t w = sizes[k][0], h = sizes[k][1];
        vela_warp_grid g;
        vela_warp_grid_dense(&g, w, h);
        vela_warp_map m;
        VT_OK(vela_warp_map_alloc(&m, &g));
        VT_OK(vela_warp_map_identity(&m));
        VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &pl));
        for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
            for (int i = 0; i < 3; i++) {
                vela_format fmt = vt_geo_formats[f];
                vt_buffer src = vt_buffer_alloc(fmt, w, h, 3, 0), out = vt_buffer_alloc(fmt, w, h, 5, 1);
                vt_fill_finite(&src.data);
                vela_image *is, *id;
                VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
                VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
                VT_OK(vela_submit_remap(s, VELA_BACKEND_CPU, pl, is, id, vt_interps[i], VELA_BORDER_CONSTANT, NULL));
                VT_OK(vela_stream_sync(s));
                ck_assert_msg(vt_max_abs_diff(&out.data, &src.data) == 0, "%s %dx%d %s: identity remap is not a copy",
                              vela_format_name(fmt), w, h, vt_interp_names[i]);
                vela_image_destroy(is), vela_image_destroy(id);
                vt_buffer_free(&src), vt_buffer_free(&out);
            }
        vela_payload_destroy(pl);
        vela_warp_map_free(&m);
    }
    vela_stream_destroy(s);
}
END_TEST

/* An undistortion through a sparse map against the same through a dense map: images of a smooth
 * scene agree closely (the maps differ by a few hundredths of a pixel). */
START_TEST(test_sparse_vs_dense_remap_images)
{
    const int32_t w = 128, h = 96;
    vela_matrix3 k = { { { 90, 0, 63.5 }, { 0, 90, 47.5 }, { 0, 0, 1 } } };
    vela_lens_polynomial lens = { -0.25, 0.07, 0, 0, 0, 0, 0, 0 };
    vela_warp_grid gd, gs;
    vela_warp_grid_dense(&gd, w, h);
    VT_OK(vela_warp_grid_uniform(&gs, w, h, 8));
    vela_warp_map md, ms;
    VT_OK(vela_warp_map_alloc(&md, &gd));
    VT_OK(vela_warp_map_alloc(&ms, &gs));
    VT_OK(vela_warp_map_from_polynomial(&md, &k, &lens, NULL, NULL));
    VT_OK(vela_warp_map_from_polynomial(&ms, &k, &lens, NULL, NULL));
    vela_payload *pd, *ps;
    VT_OK(vela_create_remap(VELA_BACKEND_CPU, &md, &pd));
    VT_OK(vela_create_remap(VELA_BACKEND_CPU, &ms, &ps));
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_U8, w, h, 0, 0);
    vt_buffer a = vt_buffer_alloc(VELA_FORMAT_U8, w, h, 0, 0), b = vt_buffer_alloc(VELA_FORMAT_U8, w, h, 0, 0);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            ((uint8_t *)src.data.planes[0].data)[y * w + x] = (uint8_t)(127.5 + 120 * sin(x * 0.21) * cos(y * 0.17));
    vl_remap_job job;
    job_for(&job, pd, VELA_FORMAT_U8, w, h, VELA_INTERP_LINEAR, VELA_BORDER_REPLICATE);
    VT_OK(vl_remap_ref(&job, &src.data, &a.data, 0, h));
    job.payload = (const vl_remap_payload *)ps;
    VT_OK(vl_remap_ref(&job, &src.data, &b.data, 0, h));
    double worst = vt_max_abs_diff(&a.data, &b.data);
    ck_assert_msg(worst <= 3, "sparse and dense undistortions differ by %g", worst);
    vt_buffer_free(&src), vt_buffer_free(&a), vt_buffer_free(&b);
    vela_payload_destroy(pd), vela_payload_destroy(ps);
    vela_warp_map_free(&md), vela_warp_map_free(&ms);
}
END_TEST

/* Destroying a payload right after submitting waits for the work that uses it. */
START_TEST(test_payload_destroy_waits)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vela_image *src, *dst;
    VT_OK(vela_image_create(640, 480, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &src));
    VT_OK(vela_image_create(640, 480, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &dst));
    for (int rep = 0; rep < 3; rep++) {
        vela_payload *pl = make_payload(640, 480, 0, 640, 480, 0);
        for (int i = 0; i < 4; i++) VT_OK(vela_submit_remap(s, VELA_BACKEND_CPU, pl, src, dst, VELA_INTERP_CUBIC, VELA_BORDER_CONSTANT, NULL));
        vela_payload_destroy(pl);
    }
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(src), vela_image_destroy(dst);
    vela_stream_destroy(s);
    vela_payload_destroy(NULL);
}
END_TEST

static void fake_destroy(vela_payload *p) { (void)p; }

START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 16, 8, 4, 0);
    vela_image *src, *dst, *rgb, *small, *big;
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &src));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &dst));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb));
    VT_OK(vela_image_create(15, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &small));
    VT_OK(vela_image_create(1, 40000, VELA_FORMAT_U8, VELA_BACKEND_CPU, &big));
    vela_payload *pl = make_payload(16, 8, 0, 16, 8, 0);
    const vela_backend cpu = VELA_BACKEND_CPU;
    const vela_interp lin = VELA_INTERP_LINEAR;
    const vela_border con = VELA_BORDER_CONSTANT;

    VT_FAILS(vela_submit_remap(NULL, cpu, pl, src, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_submit_remap(s, cpu, NULL, src, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "payload");
    VT_FAILS(vela_submit_remap(s, cpu, pl, NULL, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "src");
    VT_FAILS(vela_submit_remap(s, cpu, pl, src, NULL, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "dst");
    VT_FAILS(vela_submit_remap(s, cpu, pl, dst, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "in place");
    VT_FAILS(vela_submit_remap(s, cpu, pl, rgb, dst, lin, con, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "RGB8");
    VT_FAILS(vela_submit_remap(s, cpu, pl, dst, small, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "15x8");
    VT_FAILS(vela_submit_remap(s, cpu, pl, big, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "1x40000");
    VT_FAILS(vela_submit_remap(s, cpu, pl, src, dst, VELA_INTERP_AREA, con, NULL), VELA_ERROR_INVALID_ARGUMENT, "interp 3");
    VT_FAILS(vela_submit_remap(s, cpu, pl, src, dst, lin, (vela_border)-1, NULL), VELA_ERROR_INVALID_ARGUMENT, "border -1");
    VT_FAILS(vela_submit_remap(s, VELA_BACKEND_CUDA, pl, src, dst, lin, con, NULL), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    vela_remap_params p;
    vela_remap_params_default(&p);
    p.border_value[0] = INFINITY;
    VT_FAILS(vela_submit_remap(s, cpu, pl, src, dst, lin, con, &p), VELA_ERROR_INVALID_ARGUMENT, "border_value[0]");
    vela_payload fake;
    vl_payload_init(&fake, "background_subtractor", VELA_BACKEND_CPU, fake_destroy);
    VT_FAILS(vela_submit_remap(s, cpu, &fake, src, dst, lin, con, NULL), VELA_ERROR_INVALID_ARGUMENT,
             "vela_create_background_subtractor");

    vela_warp_map m;
    vela_warp_grid g;
    vela_payload *q = (vela_payload *)&fake;
    vela_warp_grid_dense(&g, 4, 4);
    VT_OK(vela_warp_map_alloc(&m, &g));
    VT_OK(vela_warp_map_identity(&m));
    VT_FAILS(vela_create_remap(0, &m, NULL), VELA_ERROR_INVALID_ARGUMENT, "payload");
    VT_FAILS(vela_create_remap(0, NULL, &q), VELA_ERROR_INVALID_ARGUMENT, "map is NULL");
    ck_assert_ptr_null(q);
    VT_FAILS(vela_create_remap(8, &m, &q), VELA_ERROR_INVALID_ARGUMENT, "backends 0x8");
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_create_remap(VELA_BACKEND_CUDA, &m, &q), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    m.points = NULL;
    VT_FAILS(vela_create_remap(0, &m, &q), VELA_ERROR_INVALID_ARGUMENT, "map->points is NULL");
    m.points = m.storage;
    m.num_points_x = 3;
    VT_FAILS(vela_create_remap(0, &m, &q), VELA_ERROR_INVALID_ARGUMENT, "grid makes");
    vela_warp_map_free(&m);

    VT_OK(vela_stream_sync(s));
    ck_assert(vt_padding_intact(&out.data));
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 16; x++) ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_payload_destroy(pl);
    vela_image_destroy(src), vela_image_destroy(dst), vela_image_destroy(rgb), vela_image_destroy(small), vela_image_destroy(big);
    vt_buffer_free(&out);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("remap");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_table_quantisation_matches_opencv_rules);
    tcase_add_test(tc, test_device_encoding_round_trip);
    tcase_add_test(tc, test_neon_vs_ref_any_width_pitched_border_all);
    tcase_add_test(tc, test_neon_vs_ref_1921x1081);
    tcase_add_test(tc, test_cpu_backend_vs_ref_and_identity_copy);
    tcase_add_test(tc, test_sparse_vs_dense_remap_images);
    tcase_add_test(tc, test_payload_destroy_waits);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
