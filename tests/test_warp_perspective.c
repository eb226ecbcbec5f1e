#include "harness.h"

#include "common/warp_perspective.h"
#include "geometry_cases.h"

#include <math.h>
#include <string.h>

/* Warps with `fn` into `out` (pre-filled from `init` for TRANSPARENT, else poisoned). */
typedef vela_status (*warp_fn)(const vl_warp_plan *, const vela_image_data *, const vela_image_data *, int32_t, int32_t);

static void run_kernel(warp_fn fn, const vl_warp_plan *plan, const vt_buffer *src, vt_buffer *out, const vt_buffer *init,
                       int32_t h)
{
    if (init) vt_copy_data(&out->data, &init->data);
    ck_assert_int_eq(fn(plan, &src->data, &out->data, 0, 0), VELA_OK);
    VT_OK(fn(plan, &src->data, &out->data, 0, h));
}

/* NEON against the reference, every format, interpolation, border and matrix, odd sizes, padded
 * and unaligned rows, different source and destination sizes. */
START_TEST(test_neon_vs_ref_any_width_pitched_border_all)
{
#if VELA_HAVE_NEON
    static const int32_t sizes[][4] = { { 1, 1, 1, 1 }, { 7, 3, 9, 4 }, { 17, 5, 16, 6 }, { 33, 17, 40, 13 },
                                        { 64, 9, 71, 18 }, { 3, 40, 37, 3 } };
    int cases = 0;
    vt_seed(77);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            vela_format fmt = vt_geo_formats[f];
            int32_t sw = sizes[k][0], sh = sizes[k][1], dw = sizes[k][2], dh = sizes[k][3];
            vt_buffer src = vt_buffer_alloc(fmt, sw, sh, 5, 1 + (int)k % 3);
            vt_buffer init = vt_buffer_alloc(fmt, dw, dh, 0, 0);
            vt_buffer a = vt_buffer_alloc(fmt, dw, dh, 7, (int)k % 4);
            vt_buffer b = vt_buffer_alloc(fmt, dw, dh, 3, 2);
            vt_fill_data(&src.data);
            vt_fill_data(&init.data);
            for (int m = 0; m < VT_NUM_MATRICES; m++)
                for (int i = 0; i < 3; i++)
                    for (int bd = 0; bd < 5; bd++) {
                        vela_matrix3 mat = vt_matrix(m, sw, sh, dw, dh);
                        vela_warp_perspective_params p;
                        vela_warp_perspective_params_default(&p);
                        p.flags = VELA_WARP_INVERSE;
                        p.border_value[0] = 17.6, p.border_value[1] = 200, p.border_value[2] = -3, p.border_value[3] = 99;
                        vl_warp_plan plan;
                        VT_OK(vl_warp_plan_make(fmt, sw, sh, dw, dh, &mat, vt_interps[i], vt_borders[bd], &p, &plan));
                        const vt_buffer *pre = vt_borders[bd] == VELA_BORDER_TRANSPARENT ? &init : NULL;
                        vt_poison_data(&a.data);
                        vt_poison_data(&b.data);
                        run_kernel(vl_warp_perspective_neon, &plan, &src, &a, pre, dh);
                        run_kernel(vl_warp_perspective_ref, &plan, &src, &b, pre, dh);
                        double d = vt_max_abs_diff(&a.data, &b.data);
                        ck_assert_msg(d == 0, "%s %dx%d -> %dx%d matrix %d %s %s: NEON differs from the reference by %g",
                                      vela_format_name(fmt), sw, sh, dw, dh, m, vt_interp_names[i], vt_border_names[bd], d);
                        ck_assert_msg(vt_padding_intact(&a.data), "%s matrix %d: NEON wrote past a row", vela_format_name(fmt), m);
                        if (!pre)
                            ck_assert_msg(vt_diff_data(&a.data, &b.data) == 0 || fmt == VELA_FORMAT_F32,
                                          "%s: bytes differ", vela_format_name(fmt));
                        cases++;
                    }
            vt_buffer_free(&src);
            vt_buffer_free(&init);
            vt_buffer_free(&a);
            vt_buffer_free(&b);
        }
    ck_assert_int_eq(cases, VT_NUM_GEO_FORMATS * 6 * VT_NUM_MATRICES * 15);
#endif
}
END_TEST

/* A large odd size, NEON against the reference (under qemu: one case). */
START_TEST(test_neon_vs_ref_1921x1081)
{
#if VELA_HAVE_NEON
    static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, VELA_FORMAT_NV12, VELA_FORMAT_S16 };
#if defined(__aarch64__)
    const int nformats = 1, ninterps = 1;
#else
    const int nformats = 4, ninterps = 3;
#endif
    vt_seed(1921);
    for (int f = 0; f < nformats; f++) {
        vt_buffer src = vt_buffer_alloc(formats[f], 1921, 1081, 3, 1);
        vt_buffer a = vt_buffer_alloc(formats[f], 1921, 1081, 5, 0), b = vt_buffer_alloc(formats[f], 1921, 1081, 0, 0);
        vt_fill_data(&src.data);
        for (int i = 0; i < ninterps; i++) {
            vela_matrix3 mat = vt_matrix(0, 1921, 1081, 1921, 1081);
            vela_warp_perspective_params p;
            vela_warp_perspective_params_default(&p);
            p.flags = VELA_WARP_INVERSE;
            vl_warp_plan plan;
            VT_OK(vl_warp_plan_make(formats[f], 1921, 1081, 1921, 1081, &mat, vt_interps[(i + 1) % 3], VELA_BORDER_CONSTANT, &p, &plan));
            VT_OK(vl_warp_perspective_neon(&plan, &src.data, &a.data, 0, 1081));
            VT_OK(vl_warp_perspective_ref(&plan, &src.data, &b.data, 0, 1081));
            ck_assert_msg(vt_max_abs_diff(&a.data, &b.data) == 0, "%s %s", vela_format_name(formats[f]), vt_interp_names[(i + 1) % 3]);
            ck_assert(vt_padding_intact(&a.data));
        }
        vt_buffer_free(&src), vt_buffer_free(&a), vt_buffer_free(&b);
    }
#endif
}
END_TEST

/* Every pixel is written (none left poisoned) when the border is not TRANSPARENT. */
START_TEST(test_every_pixel_written_poisoned)
{
    vt_seed(5);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++) {
        vela_format fmt = vt_geo_formats[f];
        if (fmt == VELA_FORMAT_F32 || fmt == VELA_FORMAT_S16) continue;  /* any bit pattern is a value */
        vt_buffer src = vt_buffer_alloc(fmt, 23, 19, 0, 0);
        vt_buffer out = vt_buffer_alloc(fmt, 29, 21, 4, 0);
        /* The source holds no 0xA5, so a poisoned byte left in the output shows. */
        for (int p = 0; p < vela_format_num_planes(fmt); p++) {
            int32_t rows, row_bytes;
            vela_format_plane_extent(fmt, 23, 19, p, NULL, &rows, &row_bytes);
            for (int32_t y = 0; y < rows; y++)
                for (int32_t x = 0; x < row_bytes; x++) ((uint8_t *)src.data.planes[p].data)[y * src.data.planes[p].pitch + x] = (uint8_t)(x * 7 + y) & 0x7f;
        }
        for (int m = 0; m < VT_NUM_MATRICES; m++)
            for (int i = 0; i < 3; i++) {
                vela_matrix3 mat = vt_matrix(m, 23, 19, 29, 21);
                vela_warp_perspective_params p;
                vela_warp_perspective_params_default(&p);
                p.flags = VELA_WARP_INVERSE;
                vl_warp_plan plan;
                VT_OK(vl_warp_plan_make(fmt, 23, 19, 29, 21, &mat, vt_interps[i], VELA_BORDER_CONSTANT, &p, &plan));
                vt_poison_data(&out.data);
                VT_OK(vl_warp_perspective_ref(&plan, &src.data, &out.data, 0, 21));
                for (int pl = 0; pl < vela_format_num_planes(fmt); pl++) {
                    int32_t rows, row_bytes;
                    vela_format_plane_extent(fmt, 29, 21, pl, NULL, &rows, &row_bytes);
                    for (int32_t y = 0; y < rows; y++)
                        for (int32_t x = 0; x < row_bytes; x++)
                            ck_assert_msg(((uint8_t *)out.data.planes[pl].data)[y * out.data.planes[pl].pitch + x] != VT_POISON,
                                          "%s matrix %d %s: plane %d (%d, %d) not written", vela_format_name(fmt), m,
                                          vt_interp_names[i], pl, x, y);
                }
                ck_assert(vt_padding_intact(&out.data));
            }
        vt_buffer_free(&src);
        vt_buffer_free(&out);
    }
}
END_TEST

/* The public API on the CPU backend (bands, NEON or not) against the reference kernel. */
START_TEST(test_cpu_backend_vs_ref_pitched_wrapped)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(99);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++)
        for (int i = 0; i < 3; i++) {
            vela_format fmt = vt_geo_formats[f];
            const int32_t sw = 259, sh = 131, dw = 301, dh = 157;
            vt_buffer src = vt_buffer_alloc(fmt, sw, sh, 7, 1);
            vt_buffer out = vt_buffer_alloc(fmt, dw, dh, 11, 3);
            vt_buffer ref = vt_buffer_alloc(fmt, dw, dh, 0, 0);
            vt_fill_data(&src.data);
            vela_matrix3 mat = vt_matrix(i, sw, sh, dw, dh);
            vela_warp_perspective_params p;
            vela_warp_perspective_params_default(&p);
            p.flags = VELA_WARP_INVERSE;
            vela_image *is, *id;
            VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
            VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
            VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, is, id, &mat, vt_interps[i], VELA_BORDER_REFLECT_101, &p));
            VT_OK(vela_stream_sync(s));
            vl_warp_plan plan;
            VT_OK(vl_warp_plan_make(fmt, sw, sh, dw, dh, &mat, vt_interps[i], VELA_BORDER_REFLECT_101, &p, &plan));
            VT_OK(vl_warp_perspective_ref(&plan, &src.data, &ref.data, 0, dh));
            ck_assert_msg(vt_max_abs_diff(&out.data, &ref.data) == 0, "%s %s", vela_format_name(fmt), vt_interp_names[i]);
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

static void submit_sync(vela_stream *s, vela_image *src, vela_image *dst, const vela_matrix3 *m, vela_interp interp,
                        vela_border border, const vela_warp_perspective_params *p)
{
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, src, dst, m, interp, border, p));
    VT_OK(vela_stream_sync(s));
}

/* Identity and whole-pixel translations copy pixels exactly, whatever the interpolation; the
 * uncovered band takes the border value. */
START_TEST(test_identity_and_integer_translation_exact)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(3);
    for (int f = 0; f < VT_NUM_GEO_FORMATS; f++) {
        vela_format fmt = vt_geo_formats[f];
        const int32_t w = 37, h = 22;
        vt_buffer src = vt_buffer_alloc(fmt, w, h, 3, 0), out = vt_buffer_alloc(fmt, w, h, 5, 0);
        vt_fill_finite(&src.data);
        vela_image *is, *id;
        VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
        VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
        for (int i = 0; i < 3; i++) {
            vela_matrix3 ident = { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } } };
            submit_sync(s, is, id, &ident, vt_interps[i], VELA_BORDER_CONSTANT, NULL);
            ck_assert_msg(vt_max_abs_diff(&out.data, &src.data) == 0, "%s %s: identity is not a copy",
                          vela_format_name(fmt), vt_interp_names[i]);
            /* Forward matrix moving the image right by 4 and up by 2: dst(x, y) = src(x - 4, y + 2). */
            vela_matrix3 shift = { { { 1, 0, 4 }, { 0, 1, -2 }, { 0, 0, 1 } } };
            vela_warp_perspective_params p;
            vela_warp_perspective_params_default(&p);
            p.border_value[0] = p.border_value[1] = p.border_value[2] = p.border_value[3] = 9;
            submit_sync(s, is, id, &shift, vt_interps[i], VELA_BORDER_CONSTANT, &p);
            int nplanes = vela_format_num_planes(fmt);
            for (int pl = 0; pl < nplanes; pl++) {
                int sub = pl ? 2 : 1;  /* NV12 chroma moves by half */
                int32_t pw, ph, rb;
                vela_format_plane_extent(fmt, w, h, pl, &pw, &ph, &rb);
                int bpp = rb / pw;
                for (int32_t y = 0; y < ph; y++)
                    for (int32_t x = 0; x < pw; x++) {
                        const uint8_t *o = (const uint8_t *)out.data.planes[pl].data + y * out.data.planes[pl].pitch + x * bpp;
                        int32_t sx = x - 4 / sub, sy = y + 2 / sub;
                        /* Float CUBIC near an edge sums border differences in another order:
                         * within rounding of the pixel, not the pixel itself. */
                        int inner = !(fmt == VELA_FORMAT_F32 && i == 2) || (sx >= 1 && sx + 2 < pw && sy >= 1 && sy + 2 < ph);
                        if (sx >= 0 && sy < ph && inner) {
                            const uint8_t *e = (const uint8_t *)src.data.planes[pl].data + sy * src.data.planes[pl].pitch + sx * bpp;
                            ck_assert_msg(memcmp(o, e, (size_t)bpp) == 0, "%s %s plane %d (%d, %d)", vela_format_name(fmt),
                                          vt_interp_names[i], pl, x, y);
                        } else if (sx < -2 || sy > ph + 1) {  /* the whole (cubic) footprint outside: the border value */
                            if (fmt == VELA_FORMAT_F32) ck_assert(*(const float *)o == 9.0f);
                            else if (fmt == VELA_FORMAT_S16) ck_assert(*(const int16_t *)o == 9);
                            else ck_assert_int_eq(o[0], 9);
                        }
                    }
            }
        }
        vela_image_destroy(is);
        vela_image_destroy(id);
        vt_buffer_free(&src);
        vt_buffer_free(&out);
    }
    vela_stream_destroy(s);
}
END_TEST

/* A forward 2x enlargement of a horizontal ramp: dst(x) = src(x / 2) = x / 2, within the 1/32
 * quantisation, so the matrix is inverted and applied the right way round. */
START_TEST(test_forward_matrix_ramp_closed_form)
{
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_F32, 64, 8, 0, 0), out = vt_buffer_alloc(VELA_FORMAT_F32, 120, 16, 0, 0);
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 64; x++) ((float *)src.data.planes[0].data)[y * 64 + x] = (float)(3 * x + 1000 * y);
    vela_matrix3 m = { { { 2, 0, 0 }, { 0, 2, 0 }, { 0, 0, 1 } } };
    vl_warp_plan plan;
    VT_OK(vl_warp_plan_make(VELA_FORMAT_F32, 64, 8, 120, 16, &m, VELA_INTERP_LINEAR, VELA_BORDER_REPLICATE, NULL, &plan));
    VT_OK(vl_warp_perspective_ref(&plan, &src.data, &out.data, 0, 16));
    for (int y = 0; y < 14; y++)
        for (int x = 0; x < 120; x++) {
            float v = ((float *)out.data.planes[0].data)[y * 120 + x];
            ck_assert_msg(fabs(v - (1.5 * x + 500 * y)) < 1e-3, "(%d, %d) = %g, expected %g", x, y, (double)v, 1.5 * x + 500 * y);
        }
    vt_buffer_free(&src);
    vt_buffer_free(&out);
}
END_TEST

/* TRANSPARENT leaves destination pixels whose footprint leaves the source untouched. */
START_TEST(test_border_transparent_keeps_destination)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_U8, 16, 16, 0, 0), out = vt_buffer_alloc(VELA_FORMAT_U8, 16, 16, 0, 0);
    memset(src.data.planes[0].data, 200, 256);
    memset(out.data.planes[0].data, 7, 256);
    vela_image *is, *id;
    VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
    vela_matrix3 shift = { { { 1, 0, 8.5 }, { 0, 1, 0 }, { 0, 0, 1 } } };  /* forward: right by 8.5 */
    submit_sync(s, is, id, &shift, VELA_INTERP_LINEAR, VELA_BORDER_TRANSPARENT, NULL);
    const uint8_t *o = out.data.planes[0].data;
    for (int y = 0; y < 15; y++)
        for (int x = 0; x < 16; x++) ck_assert_int_eq(o[y * 16 + x], x >= 9 ? 200 : 7);
    vela_image_destroy(is);
    vela_image_destroy(id);
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vela_stream_destroy(s);
}
END_TEST

/* The border value is saturated to the format as cv::Scalar is: rounded half to even, clamped. */
START_TEST(test_border_constant_value_saturates)
{
    static const struct { double v; uint8_t u8; int16_t s16; } cases[] = {
        { 300, 255, 300 }, { -5, 0, -5 }, { 2.5, 2, 2 }, { 3.5, 4, 4 }, { 1e6, 255, 32767 }, { -1e6, 0, -32768 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double bv[4] = { cases[i].v, 0, 0, 0 };
        vl_sampler su, ss;
        VT_OK(vl_sampler_make(VELA_FORMAT_U8, 0, 4, 4, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, bv, &su));
        VT_OK(vl_sampler_make(VELA_FORMAT_S16, 0, 4, 4, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, bv, &ss));
        ck_assert_int_eq(su.cval.u8[0], cases[i].u8);
        ck_assert_int_eq(ss.cval.s16[0], cases[i].s16);
    }
}
END_TEST

/* Bad arguments: a clear status and message, nothing queued, nothing written. */
START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 16, 8, 4, 0);
    vela_image *src, *dst, *rgb, *u16, *u16b, *big;
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &src));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &dst));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U16, VELA_BACKEND_CPU, &u16));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_U16, VELA_BACKEND_CPU, &u16b));
    VT_OK(vela_image_create(32768, 1, VELA_FORMAT_U8, VELA_BACKEND_CPU, &big));
    vela_matrix3 id = { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } } };
    vela_matrix3 nan = id, inf = id, singular = { { { 1, 2, 3 }, { 2, 4, 6 }, { 0, 0, 1 } } };
    vela_matrix3 near_singular = { { { 1, 2, 3 }, { 2, 4, 6 + 1e-14 }, { 1e-3, 0, 1 } } }, zero = { { { 0 } } };
    vela_matrix3 tiny = id;
    nan.m[1][2] = NAN;
    inf.m[2][0] = INFINITY;
    tiny.m[0][1] = 1e-200;
    vela_warp_perspective_params p;
    const vela_backend cpu = VELA_BACKEND_CPU;

    VT_FAILS(vela_submit_warp_perspective(NULL, cpu, src, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, NULL, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "src");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, NULL, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "dst");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, NULL, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "matrix");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, dst, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "in place");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, rgb, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_IMAGE_FORMAT, "RGB8");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, u16, u16b, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_IMAGE_FORMAT, "U16");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, big, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "32768x1");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &id, VELA_INTERP_AREA, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "interp 3");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &id, VELA_INTERP_LINEAR, (vela_border)9, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "border 9");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &nan, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "matrix->m[1][2] is nan");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &inf, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "matrix->m[2][0] is inf");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &tiny, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "matrix->m[0][1]");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &singular, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "singular");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &near_singular, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "nearly so");
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &zero, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "singular");
    vela_warp_perspective_params_default(&p);
    p.flags = VELA_WARP_INVERSE;  /* a singular matrix is no homography either way round */
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &near_singular, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, &p),
             VELA_ERROR_INVALID_ARGUMENT, "singular");
    p.flags = 4;
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, &p),
             VELA_ERROR_INVALID_ARGUMENT, "params->flags");
    vela_warp_perspective_params_default(&p);
    p.border_value[2] = NAN;
    VT_FAILS(vela_submit_warp_perspective(s, cpu, src, dst, &id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, &p),
             VELA_ERROR_INVALID_ARGUMENT, "border_value[2]");
    VT_OK(vela_stream_sync(s));
    ck_assert_msg(vt_padding_intact(&out.data), "padding touched");
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 16; x++) ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_image_destroy(src);
    vela_image_destroy(dst);
    vela_image_destroy(rgb);
    vela_image_destroy(u16);
    vela_image_destroy(u16b);
    vela_image_destroy(big);
    vt_buffer_free(&out);
    vela_stream_destroy(s);
}
END_TEST

/* NV12's chroma follows its luma: a shift by (2, 2) luma pixels moves chroma by (1, 1). */
START_TEST(test_nv12_chroma_follows_luma)
{
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_NV12, 20, 12, 0, 0), out = vt_buffer_alloc(VELA_FORMAT_NV12, 20, 12, 0, 0);
    vt_fill_data(&src.data);
    vela_matrix3 m = { { { 1, 0, 2 }, { 0, 1, 2 }, { 0, 0, 1 } } };  /* dst -> src */
    vela_warp_perspective_params p;
    vela_warp_perspective_params_default(&p);
    p.flags = VELA_WARP_INVERSE;
    vl_warp_plan plan;
    VT_OK(vl_warp_plan_make(VELA_FORMAT_NV12, 20, 12, 20, 12, &m, VELA_INTERP_LINEAR, VELA_BORDER_REPLICATE, &p, &plan));
    VT_OK(vl_warp_perspective_ref(&plan, &src.data, &out.data, 0, 12));
    const uint8_t *c = src.data.planes[1].data, *o = out.data.planes[1].data;
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 9; x++) {
            ck_assert_int_eq(o[y * 20 + 2 * x], c[(y + 1) * 20 + 2 * (x + 1)]);
            ck_assert_int_eq(o[y * 20 + 2 * x + 1], c[(y + 1) * 20 + 2 * (x + 1) + 1]);
        }
    vt_buffer_free(&src);
    vt_buffer_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warp_perspective");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_neon_vs_ref_any_width_pitched_border_all);
    tcase_add_test(tc, test_neon_vs_ref_1921x1081);
    tcase_add_test(tc, test_every_pixel_written_poisoned);
    tcase_add_test(tc, test_cpu_backend_vs_ref_pitched_wrapped);
    tcase_add_test(tc, test_identity_and_integer_translation_exact);
    tcase_add_test(tc, test_forward_matrix_ramp_closed_form);
    tcase_add_test(tc, test_border_transparent_keeps_destination);
    tcase_add_test(tc, test_border_constant_value_saturates);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    tcase_add_test(tc, test_nv12_chroma_follows_luma);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
