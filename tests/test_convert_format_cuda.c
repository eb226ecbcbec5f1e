/* The CUDA backend: every conversion against the reference, residency across backends, wrapped
 * host and device memory, events across streams. Skipped (77) without a GPU. Also run with
 * VELA_CUDA_MAPPED=1, the zero-copy path of integrated GPUs. */
#include "cuda_harness.h"

#include "common/convert_format.h"
#include "convert_cases.h"

#include <string.h>

static int plan_for(vela_format src, vela_format dst, int32_t w, int32_t h, int param, vela_convert_format_params *p,
                    vl_convert_plan *plan)
{
    vela_convert_format_params_default(p);
    p->scale = vt_depth_params[param][0];
    p->offset = vt_depth_params[param][1];
    if (vl_convert_plan_make(src, dst, w, h, p, plan) == VELA_OK) return 1;
    vela_convert_format_params_default(p);
    return param == 0 && vl_convert_plan_make(src, dst, w, h, p, plan) == VELA_OK;
}

/* Submits src -> dst on `backend` with host-wrapped, pitched buffers and compares with the
 * reference; NaN payloads may differ between backends, values may not. */
static void check_pair(vela_stream *s, vela_format sf, vela_format df, int32_t w, int32_t h, int param)
{
    vela_convert_format_params p;
    vl_convert_plan plan;
    if (!plan_for(sf, df, w, h, param, &p, &plan)) return;
    vt_buffer src = vt_buffer_alloc(sf, w, h, 5, 1);
    vt_buffer out = vt_buffer_alloc(df, w, h, 7, 3);
    vt_buffer ref = vt_buffer_alloc(df, w, h, 0, 0);
    vt_fill_data(&src.data);
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CUDA, pair.src, pair.dst, &p));
    vt_unwrap_pair(s, &pair);
    VT_OK(vl_convert_format_ref(&plan, &src.data, &ref.data, 0, h));
    ck_assert_msg(vt_max_abs_diff(&out.data, &ref.data) == 0.0, "%s -> %s %dx%d scale %g offset %g: max |d| %g",
                  vela_format_name(sf), vela_format_name(df), w, h, (double)p.scale, (double)p.offset,
                  vt_max_abs_diff(&out.data, &ref.data));
    ck_assert(vt_padding_intact(&out.data));
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vt_buffer_free(&ref);
}

START_TEST(test_cuda_vs_ref_any_width_pitched)
{
    static const int32_t sizes[][2] = { { 1, 1 }, { 2, 2 }, { 7, 3 }, { 17, 5 }, { 33, 17 }, { 64, 4 }, { 257, 9 } };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(4321);
    for (int i = 0; i < VT_NUM_CONVERT_FORMATS; i++)
        for (int j = 0; j < VT_NUM_CONVERT_FORMATS; j++)
            for (int param = 0; param < VT_NUM_DEPTH_PARAMS; param++)
                for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
                    check_pair(s, vt_convert_formats[i], vt_convert_formats[j], sizes[k][0], sizes[k][1], param);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_1921x1081)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    for (int i = 0; i < VT_NUM_CONVERT_FORMATS; i++)
        for (int j = 0; j < VT_NUM_CONVERT_FORMATS; j++) check_pair(s, vt_convert_formats[i], vt_convert_formats[j], 1921, 1081, 0);
    vela_stream_destroy(s);
}
END_TEST

/* CPU -> CUDA -> CPU -> CUDA on one stream, no syncs between: the same bytes as all on the CPU. */
START_TEST(test_residency_interleaved_backends_one_stream)
{
    const int32_t w = 641, h = 479;
    vela_stream *s;
    vela_image *yuyv, *rgb, *bgra, *gray, *f32, *ref_rgb, *ref_bgra, *ref_gray, *ref_f32;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_YUYV, 0, &yuyv));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGB8, 0, &rgb));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_BGRA8, 0, &bgra));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &gray));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_F32, 0, &f32));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGB8, 0, &ref_rgb));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_BGRA8, 0, &ref_bgra));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &ref_gray));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_F32, 0, &ref_f32));
    vt_fill_image(yuyv);
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    p.scale = 1.0f / 255.0f;
    for (int round = 0; round < 3; round++) {
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, yuyv, rgb, NULL));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CUDA, rgb, bgra, NULL));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, bgra, gray, NULL));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CUDA, gray, f32, &p));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_AUTO, f32, gray, NULL));  /* device-resident: CUDA */
    }
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, yuyv, ref_rgb, NULL));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, ref_rgb, ref_bgra, NULL));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, ref_bgra, ref_gray, NULL));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, ref_gray, ref_f32, &p));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, ref_f32, ref_gray, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_uint_eq(vt_diff_images(rgb, ref_rgb), 0);
    ck_assert_uint_eq(vt_diff_images(bgra, ref_bgra), 0);
    ck_assert_uint_eq(vt_diff_images(f32, ref_f32), 0);
    ck_assert_uint_eq(vt_diff_images(gray, ref_gray), 0);
    vela_image *all[] = { yuyv, rgb, bgra, gray, f32, ref_rgb, ref_bgra, ref_gray, ref_f32 };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) vela_image_destroy(all[i]);
    vela_stream_destroy(s);
}
END_TEST

/* A cudaMalloc'd NV12 frame wrapped as is, converted on CUDA into a wrapped device buffer, read back
 * through a lock; CUDA locks hand out the caller's own pointers. */
START_TEST(test_wrap_cuda_memory)
{
    const int32_t w = 99, h = 37;
    vt_buffer host = vt_buffer_alloc(VELA_FORMAT_NV12, w, h, 0, 0);
    vt_fill_data(&host.data);
    vela_image_data dev = vt_device_alloc(VELA_FORMAT_NV12, w, h, &host.data);
    vela_image_data out_desc = vt_device_alloc(VELA_FORMAT_RGBA8, w, h, NULL);

    vela_stream *s;
    vela_image *src, *dst, *cpu_dst;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_wrap_cuda(&dev, 0, &src));
    VT_OK(vela_image_wrap_cuda(&out_desc, 0, &dst));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGBA8, 0, &cpu_dst));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CUDA, src, dst, NULL));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, cpu_dst, NULL));  /* downloads src */
    VT_OK(vela_stream_sync(s));
    vela_image_data d;
    VT_OK(vela_image_lock(dst, VELA_LOCK_READ, VELA_BUFFER_CUDA, &d));
    ck_assert_ptr_eq(d.planes[0].data, out_desc.planes[0].data);
    VT_OK(vela_image_unlock(dst));
    ck_assert_uint_eq(vt_diff_images(dst, cpu_dst), 0);

    vl_convert_plan plan;
    vt_buffer ref = vt_buffer_alloc(VELA_FORMAT_RGBA8, w, h, 0, 0);
    VT_OK(vl_convert_plan_make(VELA_FORMAT_NV12, VELA_FORMAT_RGBA8, w, h, NULL, &plan));
    VT_OK(vl_convert_format_ref(&plan, &host.data, &ref.data, 0, h));
    VT_OK(vela_image_lock(dst, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_uint_eq(vt_diff_data(&d, &ref.data), 0);
    VT_OK(vela_image_unlock(dst));

    vela_image_destroy(src);
    vela_image_destroy(dst);
    vela_image_destroy(cpu_dst);
    vela_stream_destroy(s);
    vt_device_free(&dev);
    vt_device_free(&out_desc);
    vt_buffer_free(&host);
    vt_buffer_free(&ref);
}
END_TEST

/* Stream a converts on CUDA; b waits on a's event and reads the result on the CPU. */
START_TEST(test_events_across_streams_cuda_then_cpu)
{
    const int32_t w = 1920, h = 1080;
    vela_stream *a, *b;
    vela_event *e, *t0, *t1;
    vela_image *nv12, *rgb, *gray, *ref_gray;
    VT_OK(vela_stream_create(0, &a));
    VT_OK(vela_stream_create(0, &b));
    VT_OK(vela_event_create(&e));
    VT_OK(vela_event_create(&t0));
    VT_OK(vela_event_create(&t1));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_NV12, 0, &nv12));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_RGB8, 0, &rgb));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &gray));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &ref_gray));
    vt_fill_image(nv12);
    VT_OK(vela_event_record(t0, a));
    for (int i = 0; i < 20; i++) VT_OK(vela_submit_convert_format(a, VELA_BACKEND_CUDA, nv12, rgb, NULL));
    VT_OK(vela_event_record(t1, a));
    VT_OK(vela_event_record(e, a));
    VT_OK(vela_stream_wait_event(b, e));
    VT_OK(vela_submit_convert_format(b, VELA_BACKEND_CPU, rgb, gray, NULL));
    VT_OK(vela_stream_sync(b));
    VT_OK(vela_event_query(e));
    float ms;
    VT_OK(vela_event_elapsed_ms(t0, t1, &ms));
    ck_assert(ms > 0.0f);
    /* The reference path, all on the CPU. */
    VT_OK(vela_submit_convert_format(a, VELA_BACKEND_CPU, nv12, rgb, NULL));
    VT_OK(vela_submit_convert_format(a, VELA_BACKEND_CPU, rgb, ref_gray, NULL));
    VT_OK(vela_stream_sync(a));
    ck_assert_uint_eq(vt_diff_images(gray, ref_gray), 0);
    vela_image *all[] = { nv12, rgb, gray, ref_gray };
    for (size_t i = 0; i < 4; i++) vela_image_destroy(all[i]);
    vela_event_destroy(e);
    vela_event_destroy(t0);
    vela_event_destroy(t1);
    vela_stream_destroy(a);
    vela_stream_destroy(b);
}
END_TEST

START_TEST(test_cuda_bad_input)
{
    vela_stream *cpu_only, *s;
    vela_image *cpu_img, *img;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &cpu_only));
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &cpu_img));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_RGB8, 0, &img));
    VT_FAILS(vela_submit_convert_format(cpu_only, VELA_BACKEND_CUDA, img, cpu_img, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "stream was created without it");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CUDA, img, cpu_img, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "dst was created without VELA_BACKEND_CUDA");
    void *cs;
    VT_OK(vela_stream_get_cuda_stream(s, &cs));
    ck_assert_ptr_nonnull(cs);
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
    Suite *s = suite_create("convert_format_cuda");
    TCase *tc = tcase_create("convert_format_cuda");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_any_width_pitched);
    tcase_add_test(tc, test_cuda_vs_ref_1921x1081);
    tcase_add_test(tc, test_residency_interleaved_backends_one_stream);
    tcase_add_test(tc, test_wrap_cuda_memory);
    tcase_add_test(tc, test_events_across_streams_cuda_then_cpu);
    tcase_add_test(tc, test_cuda_bad_input);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
