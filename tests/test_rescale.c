#include "harness.h"

#include "common/rescale.h"
#include "resample_cases.h"

#include <math.h>
#include <string.h>

static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8,
                                       VELA_FORMAT_S16, VELA_FORMAT_F32 };
static const vela_interp interps[] = { VELA_INTERP_NEAREST, VELA_INTERP_LINEAR, VELA_INTERP_CUBIC, VELA_INTERP_AREA };
#define NUM(a) (int)(sizeof(a) / sizeof((a)[0]))

static const char *interp_name(vela_interp i)
{
    static const char *names[] = { "NEAREST", "LINEAR", "CUBIC", "AREA" };
    return names[i];
}

/* Sizes: 1x1 both ways, single rows and columns, halves, quarters and doubles at odd sizes, odd
 * ratios up and down, one axis only, mixed directions, integer blocks that are not 2x2, ratios
 * past what one 32-byte window gathers, rows of exactly 16 and 32 bytes, and exact doubling of wide
 * rows. */
static const int32_t sizes[][4] = {
    { 1, 1, 1, 1 },    { 1, 1, 5, 3 },     { 6, 5, 1, 1 },      { 1, 9, 1, 4 },     { 9, 1, 4, 1 },
    { 7, 3, 13, 5 },   { 7, 3, 3, 2 },     { 66, 50, 33, 25 },  { 67, 51, 33, 25 }, { 66, 52, 16, 13 },
    { 35, 17, 70, 34 }, { 33, 17, 11, 5 }, { 100, 50, 37, 23 }, { 50, 30, 120, 71 }, { 64, 8, 32, 8 },
    { 31, 17, 62, 9 }, { 20, 20, 7, 7 },   { 27, 12, 9, 4 },    { 32, 16, 8, 8 },   { 200, 9, 23, 4 },
    { 16, 4, 9, 3 },   { 32, 4, 40, 3 },   { 3, 5, 200, 7 },    { 150, 12, 40, 3 }, { 17, 13, 17, 13 },
    { 300, 7, 600, 15 }, { 641, 5, 1282, 11 },  /* twice as wide across column chunks */
};

/* NEON against the reference, byte for byte: every format, interpolation and ratio, padded and
 * unaligned rows, poisoned outputs, and bands that start anywhere. */
START_TEST(test_neon_vs_ref_any_width_ratio_pitched)
{
#if VELA_HAVE_NEON
    int cases = 0;
    vt_seed(1234);
    for (int f = 0; f < NUM(formats); f++)
        for (int i = 0; i < NUM(interps); i++)
            for (int k = 0; k < NUM(sizes); k++) {
                const int32_t *z = sizes[k];
                vela_rescale_params prm;
                vela_rescale_params_default(&prm);
                prm.interp = interps[i];
                vl_rescale_plan plan;
                VT_OK(vl_rescale_plan_make(formats[f], z[0], z[1], z[2], z[3], &prm, &plan));
                vt_buffer src = vt_buffer_alloc(formats[f], z[0], z[1], 5 + k % 7, k % 5);
                vt_buffer a = vt_buffer_alloc(formats[f], z[2], z[3], 9, k % 3);
                vt_buffer b = vt_buffer_alloc(formats[f], z[2], z[3], 3, 0);
                vt_resample_fill(&src.data);
                VT_OK(vl_rescale_ref(&plan, &src.data, &b.data, 0, z[3]));
                if (vl_rescale_neon(&plan, &src.data, &a.data, 0, 0) == VELA_OK) {
                    cases++;
                    int32_t split = z[3] / 3;  /* two bands, as threads would run them */
                    VT_OK(vl_rescale_neon(&plan, &src.data, &a.data, split, z[3]));
                    VT_OK(vl_rescale_neon(&plan, &src.data, &a.data, 0, split));
                    size_t d = vt_diff_data(&a.data, &b.data);
                    ck_assert_msg(d == 0, "%s %s %dx%d -> %dx%d: %zu bytes differ (max |d| %g)",
                                  vela_format_name(formats[f]), interp_name(interps[i]), z[0], z[1], z[2], z[3], d,
                                  vt_max_abs_diff(&a.data, &b.data));
                    ck_assert_msg(vt_padding_intact(&a.data), "%s %s %dx%d -> %dx%d wrote past a row",
                                  vela_format_name(formats[f]), interp_name(interps[i]), z[0], z[1], z[2], z[3]);
                }
                vt_buffer_free(&src);
                vt_buffer_free(&a);
                vt_buffer_free(&b);
            }
    ck_assert_int_eq(cases, NUM(formats) * NUM(interps) * NUM(sizes));
#endif
}
END_TEST

/* The bench's ratios at a real size, 1921x1081 to 640x360 and back, every interpolation. */
START_TEST(test_neon_vs_ref_1921x1081)
{
#if VELA_HAVE_NEON && !defined(__aarch64__)
    static const int32_t big[][4] = { { 1921, 1081, 640, 360 }, { 640, 360, 1921, 1081 } };
    vt_seed(9);
    for (int f = 0; f < 3; f += 2)  /* U8, RGBA8 */
        for (int i = 0; i < NUM(interps); i++)
            for (int k = 0; k < (f ? 1 : NUM(big)); k++) {
                const int32_t *z = big[k];
                vela_rescale_params prm;
                vela_rescale_params_default(&prm);
                prm.interp = interps[i];
                vl_rescale_plan plan;
                VT_OK(vl_rescale_plan_make(formats[f], z[0], z[1], z[2], z[3], &prm, &plan));
                vt_buffer src = vt_buffer_alloc(formats[f], z[0], z[1], 0, 0);
                vt_buffer a = vt_buffer_alloc(formats[f], z[2], z[3], 0, 0);
                vt_buffer b = vt_buffer_alloc(formats[f], z[2], z[3], 0, 0);
                vt_resample_fill(&src.data);
                VT_OK(vl_rescale_ref(&plan, &src.data, &b.data, 0, z[3]));
                VT_OK(vl_rescale_neon(&plan, &src.data, &a.data, 0, z[3]));
                ck_assert_msg(vt_diff_data(&a.data, &b.data) == 0, "%s %s %dx%d -> %dx%d",
                              vela_format_name(formats[f]), interp_name(interps[i]), z[0], z[1], z[2], z[3]);
                vt_buffer_free(&src);
                vt_buffer_free(&a);
                vt_buffer_free(&b);
            }
#endif
}
END_TEST

/* The public API on the CPU backend, bands over threads, against the reference kernel. */
START_TEST(test_cpu_backend_vs_ref_pitched_wrapped)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(99);
    static const int32_t api_sizes[][4] = { { 259, 131, 97, 53 }, { 97, 53, 259, 131 }, { 258, 130, 129, 65 } };
    for (int f = 0; f < NUM(formats); f++)
        for (int i = 0; i < NUM(interps); i++)
            for (int k = 0; k < NUM(api_sizes); k++) {
                const int32_t *z = api_sizes[k];
                vela_rescale_params prm;
                vela_rescale_params_default(&prm);
                prm.interp = interps[i];
                vt_buffer src = vt_buffer_alloc(formats[f], z[0], z[1], 7, 1);
                vt_buffer out = vt_buffer_alloc(formats[f], z[2], z[3], 11, 3);
                vt_buffer ref = vt_buffer_alloc(formats[f], z[2], z[3], 0, 0);
                vt_resample_fill(&src.data);
                vela_image *is, *id;
                VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
                VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
                VT_OK(vela_submit_rescale(s, VELA_BACKEND_CPU, is, id, &prm));
                VT_OK(vela_stream_sync(s));
                vl_rescale_plan plan;
                VT_OK(vl_rescale_plan_make(formats[f], z[0], z[1], z[2], z[3], &prm, &plan));
                VT_OK(vl_rescale_ref(&plan, &src.data, &ref.data, 0, z[3]));
                ck_assert_msg(vt_diff_data(&out.data, &ref.data) == 0, "%s %s", vela_format_name(formats[f]),
                              interp_name(interps[i]));
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

/* The plan follows cv::resize's choices: copies, half-size LINEAR as AREA, integer blocks, area
 * weights only when both directions shrink. */
START_TEST(test_plan_kinds)
{
    static const struct { vela_interp i; int32_t sw, sh, dw, dh; vl_rescale_kind kind; } cases[] = {
        { VELA_INTERP_CUBIC, 64, 48, 64, 48, VL_RESCALE_COPY },
        { VELA_INTERP_LINEAR, 64, 48, 32, 24, VL_RESCALE_AREA_FAST },
        { VELA_INTERP_LINEAR, 64, 48, 32, 48, VL_RESCALE_SEPARABLE },
        { VELA_INTERP_LINEAR, 64, 48, 16, 12, VL_RESCALE_SEPARABLE },
        { VELA_INTERP_AREA, 64, 48, 16, 12, VL_RESCALE_AREA_FAST },
        { VELA_INTERP_AREA, 63, 48, 16, 12, VL_RESCALE_AREA },
        { VELA_INTERP_AREA, 64, 48, 128, 96, VL_RESCALE_SEPARABLE },
        { VELA_INTERP_AREA, 64, 48, 32, 96, VL_RESCALE_SEPARABLE },
        { VELA_INTERP_NEAREST, 64, 48, 32, 24, VL_RESCALE_NEAREST },
    };
    for (int k = 0; k < NUM(cases); k++) {
        vela_rescale_params p = { cases[k].i };
        vl_rescale_plan plan;
        VT_OK(vl_rescale_plan_make(VELA_FORMAT_U8, cases[k].sw, cases[k].sh, cases[k].dw, cases[k].dh, &p, &plan));
        ck_assert_msg(plan.kind == cases[k].kind, "case %d: kind %d, expected %d", k, plan.kind, cases[k].kind);
    }
}
END_TEST

/* A bad submission returns a clear status naming the argument, queues nothing and writes nothing. */
START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    vela_image *u8, *small, *s16, *nv12, *nv12_small, *u16, *u16_small;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 8, 4, 4, 0);
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &u8));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &small));
    VT_OK(vela_image_create(8, 4, VELA_FORMAT_S16, VELA_BACKEND_CPU, &s16));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12));
    VT_OK(vela_image_create(8, 4, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12_small));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U16, VELA_BACKEND_CPU, &u16));
    VT_OK(vela_image_create(8, 4, VELA_FORMAT_U16, VELA_BACKEND_CPU, &u16_small));
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    ck_assert_int_eq(p.interp, VELA_INTERP_LINEAR);

    VT_FAILS(vela_submit_rescale(NULL, VELA_BACKEND_CPU, u8, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, NULL, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "src");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, u8, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "dst");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, small, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "in-place");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, u8, s16, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "src is U8 but dst is S16");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, nv12, nv12_small, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "not NV12");
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, u16, u16_small, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT, "not U16");
    p.interp = (vela_interp)9;
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, u8, small, &p), VELA_ERROR_INVALID_ARGUMENT, "params->interp 9");
    p.interp = (vela_interp)-1;
    VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CPU, u8, small, &p), VELA_ERROR_INVALID_ARGUMENT, "params->interp -1");
    VT_FAILS(vela_submit_rescale(s, (vela_backend)0, u8, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "backend 0x0");
    VT_FAILS(vela_submit_rescale(s, (vela_backend)3, u8, small, NULL), VELA_ERROR_INVALID_ARGUMENT, "backend 0x3");
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_submit_rescale(s, VELA_BACKEND_CUDA, u8, small, NULL), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    /* Zero sizes never make an image, and the plan refuses them too. */
    vela_image *none = NULL;
    VT_FAILS(vela_image_create(0, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &none), VELA_ERROR_INVALID_ARGUMENT, "0x8");
    ck_assert_ptr_null(none);
    vl_rescale_plan plan;
    VT_FAILS(vl_rescale_plan_make(VELA_FORMAT_U8, 16, 8, 0, 4, NULL, &plan), VELA_ERROR_INVALID_ARGUMENT, "16x8 to 0x4");
    VT_FAILS(vl_rescale_plan_make(VELA_FORMAT_U8, 16, 0, 8, 4, NULL, &plan), VELA_ERROR_INVALID_ARGUMENT, "sizes must be > 0");
    VT_OK(vela_stream_sync(s));
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 8 + 4; x++)
            ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_image *images[] = { u8, small, s16, nv12, nv12_small, u16, u16_small };
    for (int i = 0; i < NUM(images); i++) vela_image_destroy(images[i]);
    vela_stream_destroy(s);
    vt_buffer_free(&out);
}
END_TEST

START_TEST(test_auto_stays_on_cpu_for_host_data)
{
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_RGBA8, 0, &a));
    VT_OK(vela_image_create(32, 24, VELA_FORMAT_RGBA8, 0, &b));
    VT_OK(vela_submit_rescale(s, VELA_BACKEND_AUTO, a, b, NULL));
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rescale");
    TCase *tc = tcase_create("rescale");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_neon_vs_ref_any_width_ratio_pitched);
    tcase_add_test(tc, test_neon_vs_ref_1921x1081);
    tcase_add_test(tc, test_cpu_backend_vs_ref_pitched_wrapped);
    tcase_add_test(tc, test_plan_kinds);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    tcase_add_test(tc, test_auto_stays_on_cpu_for_host_data);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
