/* The CUDA backend of pyramid levels against the reference: every format and border, odd sizes,
 * pitched and unaligned rows, a chain of levels alternating backends. Skipped (77) without a GPU;
 * also run with VELA_CUDA_MAPPED=1. */
#include "harness.h"

#include "common/pyramid.h"
#include "resample_cases.h"

static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_S16,
                                       VELA_FORMAT_F32 };
static const vela_border borders[] = { VELA_BORDER_REFLECT_101, VELA_BORDER_REFLECT, VELA_BORDER_REPLICATE };
#define NUM(a) (int)(sizeof(a) / sizeof((a)[0]))

static void check(vela_stream *s, vela_format f, vela_border b, int32_t w, int32_t h)
{
    const int32_t dw = (w + 1) / 2, dh = (h + 1) / 2;
    vela_pyr_down_params p = { b };
    vl_pyr_plan plan;
    VT_OK(vl_pyr_plan_make(f, w, h, dw, dh, &p, &plan));
    vt_buffer src = vt_buffer_alloc(f, w, h, 5, 1), out = vt_buffer_alloc(f, dw, dh, 7, 3), ref = vt_buffer_alloc(f, dw, dh, 0, 0);
    vt_resample_fill(&src.data);
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vela_submit_pyr_down(s, VELA_BACKEND_CUDA, pair.src, pair.dst, &p));
    vt_unwrap_pair(s, &pair);
    VT_OK(vl_pyr_down_ref(&plan, &src.data, &ref.data, 0, dh));
    double diff = vt_max_abs_diff(&out.data, &ref.data);
    ck_assert_msg(diff == 0.0, "%s border %d %dx%d: max |d| %g", vela_format_name(f), (int)b, w, h, diff);
    ck_assert(vt_padding_intact(&out.data));
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vt_buffer_free(&ref);
}

START_TEST(test_cuda_vs_ref_any_width_border_pitched)
{
    static const int32_t sizes[][2] = { { 1, 1 }, { 2, 1 }, { 1, 2 }, { 3, 3 }, { 7, 3 }, { 17, 9 }, { 33, 6 },
                                        { 65, 11 }, { 257, 3 }, { 1921, 1081 } };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(404);
    for (int f = 0; f < NUM(formats); f++)
        for (int b = 0; b < NUM(borders); b++)
            for (int k = 0; k < NUM(sizes); k++) check(s, formats[f], borders[b], sizes[k][0], sizes[k][1]);
    vela_stream_destroy(s);
}
END_TEST

/* Five levels from 1280x720, alternating CPU and CUDA on one stream: the same bytes as all on the CPU. */
START_TEST(test_levels_interleaved_backends_one_stream)
{
    vela_stream *s;
    vela_image *a[6], *b[6];
    VT_OK(vela_stream_create(0, &s));
    int32_t w = 1281, h = 721;
    for (int i = 0; i < 6; i++, w = (w + 1) / 2, h = (h + 1) / 2) {
        VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &a[i]));
        VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &b[i]));
    }
    vt_fill_image(a[0]);
    vt_copy_image(b[0], a[0]);
    for (int i = 1; i < 6; i++) {
        VT_OK(vela_submit_pyr_down(s, i % 2 ? VELA_BACKEND_CUDA : VELA_BACKEND_CPU, a[i - 1], a[i], NULL));
        VT_OK(vela_submit_pyr_down(s, VELA_BACKEND_CPU, b[i - 1], b[i], NULL));
    }
    VT_OK(vela_stream_sync(s));
    for (int i = 1; i < 6; i++) ck_assert_uint_eq(vt_diff_images(a[i], b[i]), 0);
    for (int i = 0; i < 6; i++) {
        vela_image_destroy(a[i]);
        vela_image_destroy(b[i]);
    }
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("pyramid_cuda");
    TCase *tc = tcase_create("pyramid_cuda");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_levels_interleaved_backends_one_stream);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
