#include "harness.h"

#include "common/convert_format.h"
#include "common/half.h"
#include "convert_cases.h"

#include <math.h>
#include <string.h>

/* Random source bits for float formats include NaN, infinities and huge values; that is the point. */
static int plan_for(vela_format src, vela_format dst, int32_t w, int32_t h, int param, vl_convert_plan *plan)
{
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    p.scale = vt_depth_params[param][0];
    p.offset = vt_depth_params[param][1];
    if (vl_convert_plan_make(src, dst, w, h, &p, plan) == VELA_OK) return 1;
    vela_convert_format_params_default(&p);
    return param == 0 && vl_convert_plan_make(src, dst, w, h, &p, plan) == VELA_OK;
}

/* NEON against the reference, byte for byte, on every pair, odd sizes, padded and unaligned rows. */
START_TEST(test_neon_vs_ref_any_width_unaligned_pitched)
{
#if VELA_HAVE_NEON
    static const int32_t sizes[][2] = { { 1, 1 }, { 2, 2 }, { 7, 3 }, { 15, 5 }, { 16, 2 }, { 17, 3 },
                                        { 33, 4 }, { 64, 1 }, { 101, 3 } };
    int pairs = 0;
    vt_seed(1234);
    for (int i = 0; i < VT_NUM_CONVERT_FORMATS; i++)
        for (int j = 0; j < VT_NUM_CONVERT_FORMATS; j++)
            for (int param = 0; param < VT_NUM_DEPTH_PARAMS; param++)
                for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
                    vela_format sf = vt_convert_formats[i], df = vt_convert_formats[j];
                    int32_t w = sizes[k][0], h = sizes[k][1];
                    vl_convert_plan plan;
                    if (!plan_for(sf, df, w, h, param, &plan)) continue;
                    pairs++;
                    vt_buffer src = vt_buffer_alloc(sf, w, h, 5, 1 + (int)k % 3);
                    vt_buffer a = vt_buffer_alloc(df, w, h, 9, (int)k % 4);
                    vt_buffer b = vt_buffer_alloc(df, w, h, 3, 2);
                    vt_fill_data(&src.data);
                    ck_assert_int_eq(vl_convert_format_neon(&plan, &src.data, &a.data, 0, 0), VELA_OK);
                    VT_OK(vl_convert_format_neon(&plan, &src.data, &a.data, 0, h));
                    VT_OK(vl_convert_format_ref(&plan, &src.data, &b.data, 0, h));
                    ck_assert_msg(vt_diff_data(&a.data, &b.data) == 0, "%s -> %s %dx%d scale %g offset %g: %zu bytes differ",
                                  vela_format_name(sf), vela_format_name(df), w, h, (double)plan.scale,
                                  (double)plan.offset, vt_diff_data(&a.data, &b.data));
                    ck_assert_msg(vt_padding_intact(&a.data), "%s -> %s %dx%d wrote past a row",
                                  vela_format_name(sf), vela_format_name(df), w, h);
                    vt_buffer_free(&src);
                    vt_buffer_free(&a);
                    vt_buffer_free(&b);
                }
    ck_assert_int_gt(pairs, 70 * 9);
#endif
}
END_TEST

/* The public API on the CPU backend, bands and all, against the reference kernel. */
START_TEST(test_cpu_backend_vs_ref_pitched_wrapped)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(99);
    for (int i = 0; i < VT_NUM_CONVERT_FORMATS; i++)
        for (int j = 0; j < VT_NUM_CONVERT_FORMATS; j++) {
            vela_format sf = vt_convert_formats[i], df = vt_convert_formats[j];
            const int32_t w = 259, h = 131;
            vl_convert_plan plan;
            if (!plan_for(sf, df, w, h, 0, &plan)) continue;
            vt_buffer src = vt_buffer_alloc(sf, w, h, 7, 1);
            vt_buffer out = vt_buffer_alloc(df, w, h, 11, 3);
            vt_buffer ref = vt_buffer_alloc(df, w, h, 0, 0);
            vt_fill_data(&src.data);
            vela_image *is, *id;
            VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
            VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
            VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, is, id, NULL));
            VT_OK(vela_stream_sync(s));
            VT_OK(vl_convert_format_ref(&plan, &src.data, &ref.data, 0, h));
            ck_assert_msg(vt_diff_data(&out.data, &ref.data) == 0, "%s -> %s", vela_format_name(sf), vela_format_name(df));
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

/* YUV -> RGB against the closed form in double precision: every matrix and range within 1. */
START_TEST(test_yuv_closed_form_bt601_bt709_limited_full)
{
    for (int m = 0; m < 2; m++)
        for (int full = 0; full < 2; full++) {
            vela_convert_format_params p;
            vela_convert_format_params_default(&p);
            p.matrix = m ? VELA_COLOR_BT709 : VELA_COLOR_BT601;
            p.range = full ? VELA_RANGE_FULL : VELA_RANGE_LIMITED;
            vl_convert_plan plan;
            VT_OK(vl_convert_plan_make(VELA_FORMAT_I420, VELA_FORMAT_RGB8, 2, 1, &p, &plan));
            double kr = m ? 0.2126 : 0.299, kb = m ? 0.0722 : 0.114, kg = 1 - kr - kb;
            double worst = 0;
            for (int Y = 0; Y < 256; Y += 3)
                for (int U = 0; U < 256; U += 5)
                    for (int V = 0; V < 256; V += 7) {
                        uint8_t y2[2] = { (uint8_t)Y, (uint8_t)Y }, u = (uint8_t)U, v = (uint8_t)V, rgb[6];
                        vl_yuv_row row = { y2, &u, &v, 1, 1 };
                        vl_yuv_to_rgb_row_ref(&plan, &row, rgb, 0, 1);
                        double yy = full ? Y : (Y < 16 ? 0 : Y - 16) * 255.0 / 219.0;
                        double cs = full ? 1.0 : 255.0 / 224.0, uu = (U - 128) * cs, vv = (V - 128) * cs;
                        double exp[3] = { yy + 2 * (1 - kr) * vv, yy - 2 * kb * (1 - kb) / kg * uu - 2 * kr * (1 - kr) / kg * vv,
                                          yy + 2 * (1 - kb) * uu };
                        for (int c = 0; c < 3; c++) {
                            double e = exp[c] < 0 ? 0 : exp[c] > 255 ? 255 : exp[c];
                            if (fabs(rgb[c] - e) > worst) worst = fabs(rgb[c] - e);
                        }
                    }
            ck_assert_msg(worst <= 1.0, "matrix %d full %d: max |d| %f vs the closed form", m, full, worst);
        }
}
END_TEST

START_TEST(test_gray_closed_form)
{
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    for (int m = 0; m < 2; m++) {
        p.matrix = m ? VELA_COLOR_BT709 : VELA_COLOR_BT601;
        vl_convert_plan plan;
        VT_OK(vl_convert_plan_make(VELA_FORMAT_BGR8, VELA_FORMAT_U8, 1, 1, &p, &plan));
        double wr = m ? 0.2126 : 0.299, wg = m ? 0.7152 : 0.587, wb = m ? 0.0722 : 0.114;
        for (int i = 0; i < 20000; i++) {
            uint8_t bgr[3] = { (uint8_t)vt_rand(), (uint8_t)vt_rand(), (uint8_t)vt_rand() }, g;
            vl_rgb_to_gray_row_ref(&plan, bgr, &g, 0, 1);
            double e = wr * bgr[2] + wg * bgr[1] + wb * bgr[0];
            ck_assert_msg(fabs(g - e) <= 1.0, "BGR %d,%d,%d -> %d, expected %f", bgr[0], bgr[1], bgr[2], g, e);
        }
    }
}
END_TEST

/* Rounding is half to even, NaN is 0, out-of-range values saturate, F16 rounds to nearest even. */
START_TEST(test_depth_rounding_saturation_half)
{
    static const struct { float in; uint8_t u8; int16_t s16; uint16_t f16; } cases[] = {
        { 2.5f, 2, 2, 0x4100 }, { 3.5f, 4, 4, 0x4300 }, { -0.5f, 0, 0, 0xb800 }, { -1.5f, 0, -2, 0xbe00 },
        { 254.5f, 254, 254, 0x5bf4 }, { 255.5f, 255, 256, 0x5bfc }, { 1e9f, 255, 32767, 0x7c00 },
        { -1e9f, 0, -32768, 0xfc00 }, { INFINITY, 255, 32767, 0x7c00 }, { -INFINITY, 0, -32768, 0xfc00 },
        { NAN, 0, 0, 0x7e00 }, { 65504.0f, 255, 32767, 0x7bff }, { 65520.0f, 255, 32767, 0x7c00 },
        { 5.9604645e-8f, 0, 0, 0x0001 }, { 2.9802322e-8f, 0, 0, 0x0000 }, { 8.940697e-8f, 0, 0, 0x0002 },
    };
    vl_convert_plan to_u8, to_s16, to_f16;
    VT_OK(vl_convert_plan_make(VELA_FORMAT_F32, VELA_FORMAT_U8, 1, 1, NULL, &to_u8));
    VT_OK(vl_convert_plan_make(VELA_FORMAT_F32, VELA_FORMAT_S16, 1, 1, NULL, &to_s16));
    VT_OK(vl_convert_plan_make(VELA_FORMAT_F32, VELA_FORMAT_F16, 1, 1, NULL, &to_f16));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t u8;
        int16_t s16;
        uint16_t f16;
        vl_depth_row_ref(&to_u8, &cases[i].in, &u8, 0, 1);
        vl_depth_row_ref(&to_s16, &cases[i].in, &s16, 0, 1);
        vl_depth_row_ref(&to_f16, &cases[i].in, &f16, 0, 1);
        ck_assert_msg(u8 == cases[i].u8, "%g -> U8 %d, expected %d", (double)cases[i].in, u8, cases[i].u8);
        ck_assert_msg(s16 == cases[i].s16, "%g -> S16 %d, expected %d", (double)cases[i].in, s16, cases[i].s16);
        ck_assert_msg(f16 == cases[i].f16, "%g -> F16 0x%04x, expected 0x%04x", (double)cases[i].in, f16, cases[i].f16);
    }
    /* Every half converts to float and back unchanged (NaNs stay NaN). */
    for (uint32_t h = 0; h < 65536; h++) {
        float f = vl_f16_to_f32((uint16_t)h);
        if (isnan(f)) ck_assert(((h >> 10) & 0x1f) == 0x1f && (h & 0x3ff));
        else ck_assert_uint_eq(vl_f32_to_f16(f), h);
    }
}
END_TEST

/* A bad submission returns a clear status, queues nothing and writes nothing. */
START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    vela_image *rgb, *u8, *small, *nv12, *f32;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 16, 8, 4, 0);
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &u8));
    VT_OK(vela_image_create(15, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &small));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_F32, VELA_BACKEND_CPU, &f32));
    vela_convert_format_params p;

    VT_FAILS(vela_submit_convert_format(NULL, VELA_BACKEND_CPU, rgb, u8, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, NULL, u8, NULL), VELA_ERROR_INVALID_ARGUMENT, "src");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "dst");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, u8, u8, NULL), VELA_ERROR_INVALID_ARGUMENT, "in-place");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "15x8");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, nv12, f32, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "NV12 (src) to F32");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, nv12, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "RGB8 (src) to NV12");
    VT_FAILS(vela_submit_convert_format(s, (vela_backend)0, rgb, u8, NULL), VELA_ERROR_INVALID_ARGUMENT, "backend 0x0");
    VT_FAILS(vela_submit_convert_format(s, (vela_backend)3, rgb, u8, NULL), VELA_ERROR_INVALID_ARGUMENT, "backend 0x3");
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CUDA, rgb, u8, NULL), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    vela_convert_format_params_default(&p);
    p.matrix = (vela_color_matrix)7;
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, u8, &p), VELA_ERROR_INVALID_ARGUMENT, "params->matrix 7");
    vela_convert_format_params_default(&p);
    p.range = (vela_color_range)9;
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, u8, &p), VELA_ERROR_INVALID_ARGUMENT, "params->range 9");
    vela_convert_format_params_default(&p);
    p.scale = NAN;
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, f32, u8, &p), VELA_ERROR_INVALID_ARGUMENT, "params->scale nan");
    vela_convert_format_params_default(&p);
    p.offset = 3;
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, rgb, u8, &p), VELA_ERROR_INVALID_ARGUMENT, "bit-depth conversions only");
    VT_OK(vela_stream_sync(s));
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 16 + 4; x++)
            ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_image_destroy(rgb);
    vela_image_destroy(u8);
    vela_image_destroy(small);
    vela_image_destroy(nv12);
    vela_image_destroy(f32);
    vela_stream_destroy(s);
    vt_buffer_free(&out);
}
END_TEST

START_TEST(test_auto_stays_on_cpu_for_host_data)
{
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_YUYV, 0, &a));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_RGB8, 0, &b));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_AUTO, a, b, NULL));
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("convert_format");
    TCase *tc = tcase_create("convert_format");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_neon_vs_ref_any_width_unaligned_pitched);
    tcase_add_test(tc, test_cpu_backend_vs_ref_pitched_wrapped);
    tcase_add_test(tc, test_yuv_closed_form_bt601_bt709_limited_full);
    tcase_add_test(tc, test_gray_closed_form);
    tcase_add_test(tc, test_depth_rounding_saturation_half);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    tcase_add_test(tc, test_auto_stays_on_cpu_for_host_data);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
