/* The perspective warp on CUDA against the reference: every format, interpolation, border and
 * matrix, odd sizes, pitched host buffers moved to the device and back, 1921x1081; CPU and CUDA
 * on one stream. Skipped (77) without a GPU; also run with VELA_CUDA_MAPPED=1. */
#include "harness.h"

#include "common/warp_perspective.h"
#include "geometry_cases.h"

#include <string.h>

/* Warps on CUDA through the public API and compares with the reference kernel, by value (NaN
 * payloads may differ). */
static void check_case(vela_stream *s, vela_format f, int32_t sw, int32_t sh, int32_t dw, int32_t dh, int m, int i, int b)
{
    vt_buffer src = vt_buffer_alloc(f, sw, sh, 5, 1), out = vt_buffer_alloc(f, dw, dh, 7, 3);
    vt_buffer ref = vt_buffer_alloc(f, dw, dh, 0, 0), init = vt_buffer_alloc(f, dw, dh, 0, 0);
    vt_fill_data(&src.data);
    vt_fill_data(&init.data);
    vt_copy_data(&out.data, &init.data);
    vt_copy_data(&ref.data, &init.data);
    vela_matrix3 mat = vt_matrix(m, sw, sh, dw, dh);
    vela_warp_perspective_params p;
    vela_warp_perspective_params_default(&p);
    p.flags = VELA_WARP_INVERSE;
    p.border_value[0] = 17.6, p.border_value[1] = 200, p.border_value[2] = -3, p.border_value[3] = 99;
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CUDA, pair.src, pair.dst, &mat, vt_interps[i], vt_borders[b],
                                       &p));
    vt_unwrap_pair(s, &pair);
    vl_warp_plan plan;
    VT_OK(vl_warp_plan_make(f, sw, sh, dw, dh, &mat, vt_interps[i], vt_borders[b], &p, &plan));
    VT_OK(vl_warp_perspective_ref(&plan, &src.data, &ref.data, 0, dh));
    double diff = vt_max_abs_diff(&out.data, &ref.data);
    ck_assert_msg(diff == 0, "%s %dx%d -> %dx%d matrix %d %s %s: CUDA differs from the reference by %g", vela_format_name(f),
                  sw, sh, dw, dh, m, vt_interp_names[i], vt_border_names[b], diff);
    ck_assert(vt_padding_intact(&out.data));
    vt_buffer_free(&src), vt_buffer_free(&out), vt_buffer_free(&ref), vt_buffer_free(&init);
}

START_TEST(test_cuda_vs_ref_any_width_pitched_border_all)
{
    static const int32_t sizes[][4] = { { 1, 1, 1, 1 }, { 7, 3, 9, 4 }, { 17, 5, 16, 6 }, { 33, 17, 40, 13 }, { 3, 40, 37, 3 },
                                        { 130, 67, 97, 71 } };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(4321);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            for (int m = 0; m < VT_NUM_MATRICES; m++)
                for (int i = 0; i < 3; i++)
                    for (int b = 0; b < 5; b++)
                        check_case(s, vt_geo_formats[f], sizes[k][0], sizes[k][1], sizes[k][2], sizes[k][3], m, i, b);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_rounding_ties)
{
    static const int32_t sizes[][4] = { { 33, 17, 40, 13 }, { 130, 67, 97, 71 } };
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, VELA_FORMAT_NV12, VELA_FORMAT_F32 };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(99);
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            for (int i = 0; i < 3; i++)
                for (int b = 0; b < 5; b++)
                    check_case(s, formats[f], sizes[k][0], sizes[k][1], sizes[k][2], sizes[k][3], VT_MATRIX_TIES, i, b);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_1921x1081)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, VELA_FORMAT_NV12, VELA_FORMAT_F32 };
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
        for (int i = 0; i < 3; i++) check_case(s, formats[f], 1921, 1081, 1921, 1081, 0, i, 0);
    vela_stream_destroy(s);
}
END_TEST

/* CPU and CUDA warps interleaved on one stream, chained through the same images, equal a CPU-only
 * chain. */
START_TEST(test_interleaved_backends_one_stream)
{
    const int32_t w = 321, h = 243;
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vela_image *a, *b, *c, *ra, *rb, *rc;
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &a));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &b));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &c));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &ra));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &rb));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &rc));
    vt_fill_image(a);
    vela_matrix3 m = vt_matrix(0, w, h, w, h);
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CUDA, a, b, &m, VELA_INTERP_LINEAR, VELA_BORDER_REFLECT, NULL));
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, b, c, &m, VELA_INTERP_CUBIC, VELA_BORDER_REPLICATE, NULL));
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CUDA, c, b, &m, VELA_INTERP_NEAREST, VELA_BORDER_CONSTANT, NULL));
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, a, rb, &m, VELA_INTERP_LINEAR, VELA_BORDER_REFLECT, NULL));
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, rb, rc, &m, VELA_INTERP_CUBIC, VELA_BORDER_REPLICATE, NULL));
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, rc, rb, &m, VELA_INTERP_NEAREST, VELA_BORDER_CONSTANT, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_uint_eq(vt_diff_images(b, rb), 0);
    vela_image *all[] = { a, b, c, ra, rb, rc };
    for (size_t i = 0; i < 6; i++) vela_image_destroy(all[i]);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("warp_perspective_cuda");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_any_width_pitched_border_all);
    tcase_add_test(tc, test_cuda_vs_ref_rounding_ties);
    tcase_add_test(tc, test_cuda_vs_ref_1921x1081);
    tcase_add_test(tc, test_interleaved_backends_one_stream);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
