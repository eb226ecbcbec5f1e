#include "harness.h"

#include "common/rescale.h"

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

/* Finite floats for F32 sources (random bits would bring NaNs, which the backends may carry with
 * other payloads); every bit pattern for the integer formats. */
static void fill(const vela_image_data *d)
{
    vt_fill_data(d);
    if (d->format != VELA_FORMAT_F32) return;
    for (int32_t y = 0; y < d->height; y++) {
        float *r = (float *)((uint8_t *)d->planes[0].data + (size_t)y * d->planes[0].pitch);
        for (int32_t x = 0; x < d->width; x++) r[x] = (float)((int32_t)(vt_rand() % 200000) - 100000) / 64.0f;
    }
}

/* Sizes: 1x1 both ways, single rows and columns, halves, quarters and doubles at odd sizes, odd
 * ratios up and down, one axis only, mixed directions, integer blocks that are not 2x2, ratios
 * past what one 32-byte window gathers, and rows of exactly 16 and 32 bytes. */
static const int32_t sizes[][4] = {
    { 1, 1, 1, 1 },    { 1, 1, 5, 3 },     { 6, 5, 1, 1 },      { 1, 9, 1, 4 },     { 9, 1, 4, 1 },
    { 7, 3, 13, 5 },   { 7, 3, 3, 2 },     { 66, 50, 33, 25 },  { 67, 51, 33, 25 }, { 66, 52, 16, 13 },
    { 35, 17, 70, 34 }, { 33, 17, 11, 5 }, { 100, 50, 37, 23 }, { 50, 30, 120, 71 }, { 64, 8, 32, 8 },
    { 31, 17, 62, 9 }, { 20, 20, 7, 7 },   { 27, 12, 9, 4 },    { 32, 16, 8, 8 },   { 200, 9, 23, 4 },
    { 16, 4, 9, 3 },   { 32, 4, 40, 3 },   { 3, 5, 200, 7 },    { 150, 12, 40, 3 }, { 17, 13, 17, 13 },
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
                fill(&src.data);
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
    static const int32_t big[][4] = { { 1921, 1081, 640, 360 }, { 640, 360, 1921, 1081 }, { 1920, 1080, 960, 540 },
                                      { 1920, 1080, 480, 270 }, { 960, 540, 1920, 1080 } };
    vt_seed(9);
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < NUM(interps); i++)
            for (int k = 0; k < NUM(big); k++) {
                const int32_t *z = big[k];
                vela_rescale_params prm;
                vela_rescale_params_default(&prm);
                prm.interp = interps[i];
                vl_rescale_plan plan;
                VT_OK(vl_rescale_plan_make(formats[f], z[0], z[1], z[2], z[3], &prm, &plan));
                vt_buffer src = vt_buffer_alloc(formats[f], z[0], z[1], 0, 0);
                vt_buffer a = vt_buffer_alloc(formats[f], z[2], z[3], 0, 0);
                vt_buffer b = vt_buffer_alloc(formats[f], z[2], z[3], 0, 0);
                fill(&src.data);
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

int main(void)
{
    Suite *s = suite_create("rescale");
    TCase *tc = tcase_create("rescale");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_neon_vs_ref_any_width_ratio_pitched);
    tcase_add_test(tc, test_neon_vs_ref_1921x1081);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
