/* Remap on CUDA against the reference, through the payload's device tables in each encoding
 * (smooth maps in nibbles, rough ones in bytes, random ones raw): every format, interpolation and
 * border, odd sizes, pitched host buffers, 1921x1081; payloads for CUDA only. Skipped (77) without
 * a GPU; also run with VELA_CUDA_MAPPED=1. */
#include "harness.h"

#include "common/remap.h"
#include "geometry_cases.h"

#include <string.h>

/* A dense w x h map: 0 smooth (a homography), 1 the same with up to a pixel of jitter, 2 random
 * points around and past a sw x sh source (with NaN and huge values). */
static vela_payload *make_payload(uint32_t backends, int32_t w, int32_t h, int kind, int32_t sw, int32_t sh, int which,
                                  vl_remap_encoding *enc)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, w, h);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 mat = vt_matrix(which, sw, sh, w, h);
    VT_OK(vela_warp_map_from_homography(&m, &mat, VELA_WARP_INVERSE));
    for (int32_t j = 0; j < h && kind; j++)
        for (int32_t i = 0; i < w; i++) {
            float *p = (float *)((char *)m.points + (int64_t)j * m.pitch) + 2 * i;
            if (kind == 1) {
                p[0] += (float)(vt_rand() % 32) / 32.0f;
                p[1] -= (float)(vt_rand() % 32) / 32.0f;
            } else {
                uint32_t r = vt_rand();
                p[0] = (float)(r % (uint32_t)(sw + 12)) - 6 + (float)(r >> 27) / 32.0f;
                p[1] = (float)((r >> 8) % (uint32_t)(sh + 12)) - 6 + (float)((r >> 3) & 31) / 32.0f;
                if (r % 97 == 0) p[0] = NAN;
                if (r % 89 == 0) p[1] = -1e9f;
            }
        }
    vela_payload *pl;
    VT_OK(vela_create_remap(backends, &m, &pl));
    vela_warp_map_free(&m);
    if (enc) *enc = ((const vl_remap_payload *)pl)->device[0].encoding;
    return pl;
}

static void check_case(vela_stream *s, vela_payload *pl, vela_format f, int32_t sw, int32_t sh, int32_t dw, int32_t dh,
                       int i, int b, const char *what)
{
    vt_buffer src = vt_buffer_alloc(f, sw, sh, 5, 1), out = vt_buffer_alloc(f, dw, dh, 7, 3);
    vt_buffer ref = vt_buffer_alloc(f, dw, dh, 0, 0), init = vt_buffer_alloc(f, dw, dh, 0, 0);
    vt_fill_data(&src.data);
    vt_fill_data(&init.data);
    vt_copy_data(&out.data, &init.data);
    vt_copy_data(&ref.data, &init.data);
    vela_remap_params p;
    vela_remap_params_default(&p);
    p.border_value[0] = 17.6, p.border_value[1] = 200, p.border_value[2] = -3, p.border_value[3] = 99;
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vela_submit_remap(s, VELA_BACKEND_CUDA, pl, pair.src, pair.dst, vt_interps[i], vt_borders[b], &p));
    vt_unwrap_pair(s, &pair);
    vl_remap_job job;
    memset(&job, 0, sizeof job);
    job.payload = (const vl_remap_payload *)pl;
    job.num_planes = vela_format_num_planes(f);
    for (int k = 0; k < job.num_planes; k++)
        VT_OK(vl_sampler_make(f, k, sw, sh, vt_interps[i], vt_borders[b], p.border_value, &job.sampler[k]));
    VT_OK(vl_remap_ref(&job, &src.data, &ref.data, 0, dh));
    double diff = vt_max_abs_diff(&out.data, &ref.data);
    ck_assert_msg(diff == 0, "%s map, %s %dx%d -> %dx%d %s %s: CUDA differs from the reference by %g", what,
                  vela_format_name(f), sw, sh, dw, dh, vt_interp_names[i], vt_border_names[b], diff);
    ck_assert(vt_padding_intact(&out.data));
    vt_buffer_free(&src), vt_buffer_free(&out), vt_buffer_free(&ref), vt_buffer_free(&init);
}

START_TEST(test_cuda_vs_ref_every_encoding_border_all)
{
    static const int32_t sizes[][4] = { { 1, 1, 1, 1 }, { 7, 3, 9, 4 }, { 17, 5, 16, 6 }, { 33, 17, 40, 13 }, { 3, 40, 37, 3 },
                                        { 130, 67, 97, 71 } };
    static const char *const kinds[] = { "smooth", "jittered", "random" };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(99);
    int seen[3] = { 0 };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int kind = 0; kind < 3; kind++) {
            int32_t sw = sizes[k][0], sh = sizes[k][1], dw = sizes[k][2], dh = sizes[k][3];
            vl_remap_encoding enc;
            vela_payload *pl = make_payload(0, dw, dh, kind, sw, sh, (int)k % VT_NUM_MATRICES, &enc);
            seen[enc]++;
            for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
                for (int i = 0; i < 3; i++)
                    for (int b = 0; b < 5; b++) check_case(s, pl, vt_geo_formats[f], sw, sh, dw, dh, i, b, kinds[kind]);
            vela_payload_destroy(pl);
        }
    ck_assert_msg(seen[VL_REMAP_NIBBLE] && seen[VL_REMAP_BYTE] && seen[VL_REMAP_RAW], "encodings seen: %d nibble, %d byte, %d raw",
                  seen[0], seen[1], seen[2]);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_1921x1081_undistortion)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vela_warp_grid g;
    vela_warp_grid_dense(&g, 1921, 1081);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    vela_matrix3 k = { { { 1500, 0, 960.3 }, { 0, 1500, 540.2 }, { 0, 0, 1 } } };
    vela_lens_polynomial lens = { -0.3, 0.1, -0.01, 0, 0, 0, 1e-3, -5e-4 };
    VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, NULL, NULL));
    vela_payload *pl;
    VT_OK(vela_create_remap(0, &m, &pl));
    ck_assert_int_eq(((const vl_remap_payload *)pl)->device[0].encoding, VL_REMAP_NIBBLE);
    ck_assert_int_eq(((const vl_remap_payload *)pl)->device[1].encoding, VL_REMAP_NIBBLE);
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, VELA_FORMAT_NV12 };
    for (size_t f = 0; f < 3; f++)
        for (int i = 0; i < 3; i++) check_case(s, pl, formats[f], 1921, 1081, 1921, 1081, i, 0, "undistortion");
    vela_payload_destroy(pl);
    vela_warp_map_free(&m);
    vela_stream_destroy(s);
}
END_TEST

/* A payload for CUDA only keeps no host tables: the CPU is refused, AUTO runs on CUDA. */
START_TEST(test_cuda_only_payload)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vela_payload *pl = make_payload(VELA_BACKEND_CUDA, 64, 48, 0, 64, 48, 0, NULL);
    ck_assert_ptr_null(((const vl_remap_payload *)pl)->host[0].xy);
    vela_image *a, *b;
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_U8, 0, &a));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_U8, 0, &b));
    VT_FAILS(vela_submit_remap(s, VELA_BACKEND_CPU, pl, a, b, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_BACKEND_UNAVAILABLE, "payload was created without it");
    VT_OK(vela_submit_remap(s, VELA_BACKEND_AUTO, pl, a, b, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL));
    VT_OK(vela_stream_sync(s));
    vela_payload_destroy(pl);
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("remap_cuda");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_every_encoding_border_all);
    tcase_add_test(tc, test_cuda_vs_ref_1921x1081_undistortion);
    tcase_add_test(tc, test_cuda_only_payload);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
