#include "harness.h"

#include "common/pyramid.h"
#include "resample_cases.h"

#include <string.h>

static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8,
                                       VELA_FORMAT_S16, VELA_FORMAT_F32 };
static const vela_border borders[] = { VELA_BORDER_REFLECT_101, VELA_BORDER_REFLECT, VELA_BORDER_REPLICATE };
#define NUM(a) (int)(sizeof(a) / sizeof((a)[0]))

static const char *border_name(vela_border b)
{
    return b == VELA_BORDER_REFLECT_101 ? "REFLECT_101" : b == VELA_BORDER_REFLECT ? "REFLECT" : "REPLICATE";
}

/* NEON against the reference, byte for byte: every format and border, sizes from 1x1 (both edges
 * in one tap row) through odd widths on both sides of the vector steps, padded and unaligned rows,
 * poisoned outputs, two bands. */
START_TEST(test_neon_vs_ref_any_width_border_pitched)
{
#if VELA_HAVE_NEON
    static const int32_t sizes[][2] = { { 1, 1 }, { 2, 1 }, { 1, 2 }, { 3, 3 }, { 4, 5 }, { 7, 3 }, { 17, 9 },
                                        { 33, 6 }, { 34, 7 }, { 64, 4 }, { 65, 11 }, { 101, 5 }, { 257, 3 } };
    vt_seed(31);
    for (int f = 0; f < NUM(formats); f++)
        for (int b = 0; b < NUM(borders); b++)
            for (int k = 0; k < NUM(sizes); k++) {
                int32_t w = sizes[k][0], h = sizes[k][1], dw = (w + 1) / 2, dh = (h + 1) / 2;
                vela_pyr_down_params prm = { borders[b] };
                vl_pyr_plan plan;
                VT_OK(vl_pyr_plan_make(formats[f], w, h, dw, dh, &prm, &plan));
                vt_buffer src = vt_buffer_alloc(formats[f], w, h, 3 + k % 5, k % 4);
                vt_buffer a = vt_buffer_alloc(formats[f], dw, dh, 7, k % 3);
                vt_buffer r = vt_buffer_alloc(formats[f], dw, dh, 0, 0);
                vt_resample_fill(&src.data);
                VT_OK(vl_pyr_down_ref(&plan, &src.data, &r.data, 0, dh));
                ck_assert_int_eq(vl_pyr_down_neon(&plan, &src.data, &a.data, 0, 0), VELA_OK);
                VT_OK(vl_pyr_down_neon(&plan, &src.data, &a.data, dh / 2, dh));
                VT_OK(vl_pyr_down_neon(&plan, &src.data, &a.data, 0, dh / 2));
                ck_assert_msg(vt_diff_data(&a.data, &r.data) == 0, "%s %s %dx%d: %zu bytes differ",
                              vela_format_name(formats[f]), border_name(borders[b]), w, h, vt_diff_data(&a.data, &r.data));
                ck_assert_msg(vt_padding_intact(&a.data), "%s %dx%d wrote past a row", vela_format_name(formats[f]), w, h);
                vt_buffer_free(&src);
                vt_buffer_free(&a);
                vt_buffer_free(&r);
            }
#endif
}
END_TEST

/* The public API on the CPU backend (bands over threads) against the reference, 1921x1081. */
START_TEST(test_cpu_backend_vs_ref_1921x1081_wrapped)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(8);
    const int32_t w = 1921, h = 1081;
#if defined(__aarch64__)
    const int nf = 1;  /* emulated: one format at this size */
#else
    const int nf = NUM(formats);
#endif
    for (int f = 0; f < nf; f++) {
        vt_buffer src = vt_buffer_alloc(formats[f], w, h, 9, 0);
        vt_buffer out = vt_buffer_alloc(formats[f], (w + 1) / 2, (h + 1) / 2, 5, 0);
        vt_buffer ref = vt_buffer_alloc(formats[f], (w + 1) / 2, (h + 1) / 2, 0, 0);
        vt_resample_fill(&src.data);
        vela_image *is, *id;
        VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
        VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
        VT_OK(vela_submit_pyr_down(s, VELA_BACKEND_CPU, is, id, NULL));
        VT_OK(vela_stream_sync(s));
        vl_pyr_plan plan;
        VT_OK(vl_pyr_plan_make(formats[f], w, h, (w + 1) / 2, (h + 1) / 2, NULL, &plan));
        VT_OK(vl_pyr_down_ref(&plan, &src.data, &ref.data, 0, ref.data.height));
        ck_assert_msg(vt_diff_data(&out.data, &ref.data) == 0, "%s", vela_format_name(formats[f]));
        ck_assert(vt_padding_intact(&out.data));
        vela_image_destroy(is);
        vela_image_destroy(id);
        vt_buffer_free(&src);
        vt_buffer_free(&out);
        vt_buffer_free(&ref);
    }
    vela_stream_destroy(s);
}
END_TEST

/* The 5x5 binomial: a constant image stays constant, an impulse spreads as [1 4 6 4 1]^2 / 256. */
START_TEST(test_kernel_constant_and_impulse)
{
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_S16, 9, 9, 0, 0), dst = vt_buffer_alloc(VELA_FORMAT_S16, 5, 5, 0, 0);
    vl_pyr_plan plan;
    VT_OK(vl_pyr_plan_make(VELA_FORMAT_S16, 9, 9, 5, 5, NULL, &plan));
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 9; x++)
            ((int16_t *)((uint8_t *)src.data.planes[0].data + y * src.data.planes[0].pitch))[x] = (int16_t)(y == 4 && x == 4 ? 25600 : 0);
    VT_OK(vl_pyr_down_ref(&plan, &src.data, &dst.data, 0, 5));
    static const int k[5] = { 1, 4, 6, 4, 1 };
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 5; x++) {
            int16_t v = ((int16_t *)((uint8_t *)dst.data.planes[0].data + y * dst.data.planes[0].pitch))[x];
            int dy = 4 - 2 * y + 2, dx = 4 - 2 * x + 2;  /* the impulse's tap index in this output's window */
            int e = dy >= 0 && dy < 5 && dx >= 0 && dx < 5 ? k[dy] * k[dx] * 100 : 0;
            ck_assert_msg(v == e, "(%d, %d): %d, expected %d", x, y, v, e);
        }
    vt_buffer_free(&src);
    vt_buffer_free(&dst);
}
END_TEST

/* A bad submission returns a clear status naming the argument, queues nothing and writes nothing. */
START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    vela_image *u8, *u8_odd, *small, *wrong, *s16, *rgb, *nv12;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 8, 4, 4, 0);
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &u8));
    VT_OK(vela_image_create(15, 7, VELA_FORMAT_U8, VELA_BACKEND_CPU, &u8_odd));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &small));
    VT_OK(vela_image_create(7, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU, &wrong));
    VT_OK(vela_image_create(8, 4, VELA_FORMAT_S16, VELA_BACKEND_CPU, &s16));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12));
    vela_pyr_down_params p;
    vela_pyr_down_params_default(&p);
    ck_assert_int_eq(p.border, VELA_BORDER_REFLECT_101);

    VT_FAILS(vela_submit_pyr_down(NULL, VELA_BACKEND_CPU, u8, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, NULL, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "src");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "dst");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, small, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "in-place");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, wrong, NULL), VELA_ERROR_INVALID_ARGUMENT, "dst is 7x4");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8_odd, wrong, NULL), VELA_ERROR_INVALID_ARGUMENT, "is 8x4");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, s16, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "S16");
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, nv12, small, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "NV12");
    vela_image *nv12_small;
    VT_OK(vela_image_create(8, 4, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12_small));
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, nv12, nv12_small, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "not NV12");
    p.border = VELA_BORDER_CONSTANT;
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, small, &p), VELA_ERROR_INVALID_ARGUMENT, "params->border 0");
    p.border = VELA_BORDER_TRANSPARENT;
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, small, &p), VELA_ERROR_INVALID_ARGUMENT, "params->border 4");
    p.border = (vela_border)42;
    VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CPU, u8, small, &p), VELA_ERROR_INVALID_ARGUMENT, "params->border 42");
    VT_FAILS(vela_submit_pyr_down(s, (vela_backend)0, u8, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "backend 0x0");
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_submit_pyr_down(s, VELA_BACKEND_CUDA, u8, small, NULL), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    VT_OK(vela_stream_sync(s));
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 8 + 4; x++)
            ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_image *images[] = { u8, u8_odd, small, wrong, s16, rgb, nv12, nv12_small };
    for (int i = 0; i < NUM(images); i++) vela_image_destroy(images[i]);
    vela_stream_destroy(s);
    vt_buffer_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pyramid");
    TCase *tc = tcase_create("pyramid");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_neon_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_cpu_backend_vs_ref_1921x1081_wrapped);
    tcase_add_test(tc, test_kernel_constant_and_impulse);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
