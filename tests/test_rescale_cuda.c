/* The CUDA backend of rescale: every format, interpolation and ratio against the reference, odd
 * sizes and pitches, residency across backends, wrapped device memory. Skipped (77) without a GPU.
 * Also run with VELA_CUDA_MAPPED=1, the zero-copy path of integrated GPUs. */
#include "cuda_harness.h"

#include "common/rescale.h"
#include "resample_cases.h"

#include <string.h>

static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGR8,
                                       VELA_FORMAT_S16, VELA_FORMAT_F32 };
static const vela_interp interps[] = { VELA_INTERP_NEAREST, VELA_INTERP_LINEAR, VELA_INTERP_CUBIC, VELA_INTERP_AREA };
#define NUM(a) (int)(sizeof(a) / sizeof((a)[0]))

static const char *interp_name(vela_interp i)
{
    static const char *names[] = { "NEAREST", "LINEAR", "CUBIC", "AREA" };
    return names[i];
}

/* Host-wrapped, pitched and unaligned buffers, submitted on CUDA, brought back by a lock and
 * compared with the reference by value. */
static void check(vela_stream *s, vela_format f, vela_interp interp, int32_t sw, int32_t sh, int32_t dw, int32_t dh)
{
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    p.interp = interp;
    vl_rescale_plan plan;
    VT_OK(vl_rescale_plan_make(f, sw, sh, dw, dh, &p, &plan));
    vt_buffer src = vt_buffer_alloc(f, sw, sh, 5, 1);
    vt_buffer out = vt_buffer_alloc(f, dw, dh, 7, 3);
    vt_buffer ref = vt_buffer_alloc(f, dw, dh, 0, 0);
    vt_resample_fill(&src.data);
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vela_submit_rescale(s, VELA_BACKEND_CUDA, pair.src, pair.dst, &p));
    vt_unwrap_pair(s, &pair);
    VT_OK(vl_rescale_ref(&plan, &src.data, &ref.data, 0, dh));
    double diff = vt_max_abs_diff(&out.data, &ref.data);
    ck_assert_msg(diff == 0.0, "%s %s %dx%d -> %dx%d: max |d| %g", vela_format_name(f), interp_name(interp), sw, sh, dw,
                  dh, diff);
    ck_assert_msg(vt_padding_intact(&out.data), "%s %s %dx%d -> %dx%d wrote past a row", vela_format_name(f),
                  interp_name(interp), sw, sh, dw, dh);
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vt_buffer_free(&ref);
}

START_TEST(test_cuda_vs_ref_any_width_ratio_pitched)
{
    static const int32_t sizes[][4] = {
        { 1, 1, 1, 1 },     { 1, 1, 5, 3 },    { 6, 5, 1, 1 },     { 1, 9, 1, 4 },     { 9, 1, 4, 1 },
        { 7, 3, 13, 5 },    { 7, 3, 3, 2 },    { 66, 50, 33, 25 }, { 67, 51, 33, 25 }, { 66, 52, 16, 13 },
        { 35, 17, 70, 34 }, { 33, 17, 11, 5 }, { 100, 50, 37, 23 }, { 50, 30, 120, 71 }, { 31, 17, 62, 9 },
        { 20, 20, 7, 7 },   { 27, 12, 9, 4 },  { 32, 16, 8, 8 },   { 200, 9, 23, 4 },  { 17, 13, 17, 13 },
    };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(4321);
    for (int f = 0; f < NUM(formats); f++)
        for (int i = 0; i < NUM(interps); i++)
            for (int k = 0; k < NUM(sizes); k++)
                check(s, formats[f], interps[i], sizes[k][0], sizes[k][1], sizes[k][2], sizes[k][3]);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_1921x1081)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(77);
    for (int f = 0; f < NUM(formats); f++)
        for (int i = 0; i < NUM(interps); i++) {
            check(s, formats[f], interps[i], 1921, 1081, 640, 360);
            check(s, formats[f], interps[i], 640, 360, 1921, 1081);
        }
    check(s, VELA_FORMAT_U8, VELA_INTERP_LINEAR, 3840, 2160, 1920, 1080);
    check(s, VELA_FORMAT_RGBA8, VELA_INTERP_AREA, 3840, 2160, 960, 540);
    vela_stream_destroy(s);
}
END_TEST

/* A pyramid of rescales alternating CPU and CUDA on one stream, no syncs between: the same bytes as
 * all on the CPU. */
START_TEST(test_residency_interleaved_backends_one_stream)
{
    static const int32_t w[] = { 641, 320, 107, 214, 71 }, h[] = { 479, 240, 80, 160, 53 };
    vela_stream *s;
    vela_image *a[5], *b[5];
    VT_OK(vela_stream_create(0, &s));
    for (int i = 0; i < 5; i++) {
        VT_OK(vela_image_create(w[i], h[i], VELA_FORMAT_RGBA8, 0, &a[i]));
        VT_OK(vela_image_create(w[i], h[i], VELA_FORMAT_RGBA8, 0, &b[i]));
    }
    vt_fill_image(a[0]);
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    VT_OK(vela_submit_rescale(s, VELA_BACKEND_CPU, a[0], b[0], &p));  /* same size: a copy */
    for (int i = 1; i < 5; i++) {
        p.interp = interps[i % 4];
        VT_OK(vela_submit_rescale(s, i % 2 ? VELA_BACKEND_CUDA : VELA_BACKEND_CPU, a[i - 1], a[i], &p));
        VT_OK(vela_submit_rescale(s, VELA_BACKEND_CPU, b[i - 1], b[i], &p));
    }
    VT_OK(vela_stream_sync(s));
    for (int i = 0; i < 5; i++) ck_assert_uint_eq(vt_diff_images(a[i], b[i]), 0);
    for (int i = 0; i < 5; i++) {
        vela_image_destroy(a[i]);
        vela_image_destroy(b[i]);
    }
    vela_stream_destroy(s);
}
END_TEST

/* cudaMalloc'd images wrapped as they are, rescaled on CUDA, read back through a lock. */
START_TEST(test_wrap_cuda_memory)
{
    const int32_t sw = 99, sh = 37, dw = 50, dh = 19;
    vt_buffer host = vt_buffer_alloc(VELA_FORMAT_U8, sw, sh, 0, 0), ref = vt_buffer_alloc(VELA_FORMAT_U8, dw, dh, 0, 0);
    vt_fill_data(&host.data);
    vela_image_data in_desc = vt_device_alloc(VELA_FORMAT_U8, sw, sh, &host.data);
    vela_image_data out_desc = vt_device_alloc(VELA_FORMAT_U8, dw, dh, NULL);
    vela_stream *s;
    vela_image *src, *dst;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_wrap_cuda(&in_desc, 0, &src));
    VT_OK(vela_image_wrap_cuda(&out_desc, 0, &dst));
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    p.interp = VELA_INTERP_CUBIC;
    VT_OK(vela_submit_rescale(s, VELA_BACKEND_CUDA, src, dst, &p));
    VT_OK(vela_stream_sync(s));
    vl_rescale_plan plan;
    VT_OK(vl_rescale_plan_make(VELA_FORMAT_U8, sw, sh, dw, dh, &p, &plan));
    VT_OK(vl_rescale_ref(&plan, &host.data, &ref.data, 0, dh));
    vela_image_data d;
    VT_OK(vela_image_lock(dst, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_uint_eq(vt_diff_data(&d, &ref.data), 0);
    VT_OK(vela_image_unlock(dst));
    vela_image_destroy(src);
    vela_image_destroy(dst);
    vela_stream_destroy(s);
    vt_device_free(&in_desc);
    vt_device_free(&out_desc);
    vt_buffer_free(&host);
    vt_buffer_free(&ref);
}
END_TEST

START_TEST(test_cuda_bad_input)
{
    vela_stream *cpu_only, *s;
    vela_image *cpu_img, *img;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &cpu_only));
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &cpu_img));
    VT_OK(vela_image_create(16, 16, VELA_FORMAT_U8, 0, &img));
    VT_FAILS(vela_submit_rescale(cpu_only, VELA_BACKEND_CUDA, img, cpu_img, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "stream was created without it");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CUDA, img, cpu_img, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "dst was created without VELA_BACKEND_CUDA");
    vela_image_destroy(cpu_img);
    vela_image_destroy(img);
    vela_stream_destroy(cpu_only);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("rescale_cuda");
    TCase *tc = tcase_create("rescale_cuda");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_any_width_ratio_pitched);
    tcase_add_test(tc, test_cuda_vs_ref_1921x1081);
    tcase_add_test(tc, test_residency_interleaved_backends_one_stream);
    tcase_add_test(tc, test_wrap_cuda_memory);
    tcase_add_test(tc, test_cuda_bad_input);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
