/* The linear filters on the CPU: NEON against the reference byte for byte (every format, border,
 * kernel shape, odd sizes, padded and unaligned rows, bands), the public API, OpenCV's kernel
 * rules, and bad input for every public function. OpenCV parity lives in test_filter_opencv.cpp. */
#include "filter_cases.h"

#include <math.h>
#include <string.h>

/* Smaller under qemu, where the aarch64 run is 10-50x slower. */
#if defined(__aarch64__)
#define VT_BIG 0
#else
#define VT_BIG 1
#endif

static const vela_format all_formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_BGRA8, VELA_FORMAT_RGBA8,
                                           VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
#define NUM_FORMATS ((int)(sizeof all_formats / sizeof all_formats[0]))

/* NEON against the reference on one image; 0 when the filter does not take the format. */
static int neon_vs_ref(const vt_filter *f, vela_format fmt, int32_t w, int32_t h, int32_t pad, int32_t misalign)
{
#if VELA_HAVE_NEON
    vt_plan plan;
    if (vt_plan_make(f, fmt, w, h, &plan) != VELA_OK) return 0;
    vt_buffer src = vt_buffer_alloc(fmt, w, h, pad, misalign);
    vt_buffer a = vt_buffer_alloc(fmt, w, h, pad + 3, (misalign + 1) % 4);
    vt_buffer b = vt_buffer_alloc(fmt, w, h, 0, 0);
    vt_filter_fill(&src.data, 1000.0f);
    ck_assert_int_eq(vt_plan_neon(&plan, &src.data, &a.data, 0, 0), VELA_OK);
    ck_assert_msg(vt_padding_intact(&a.data), "the empty band wrote");
    /* In two bands, as the pool would split it. */
    VT_OK(vt_plan_neon(&plan, &src.data, &a.data, 0, h / 2));
    VT_OK(vt_plan_neon(&plan, &src.data, &a.data, h / 2, h));
    VT_OK(vt_plan_ref(&plan, &src.data, &b.data, 0, h));
    size_t diff = vt_diff_data(&a.data, &b.data);
    ck_assert_msg(diff == 0, "%s %s %dx%d k %dx%d border %d value %g: %zu bytes differ from the reference",
                  vt_algo_name(f->algo), vela_format_name(fmt), w, h, f->kw, f->kh, (int)f->border, (double)f->value, diff);
    ck_assert_msg(vt_padding_intact(&a.data), "%s %s %dx%d wrote past a row", vt_algo_name(f->algo),
                  vela_format_name(fmt), w, h);
    vt_buffer_free(&src);
    vt_buffer_free(&a);
    vt_buffer_free(&b);
    return 1;
#else
    (void)f, (void)fmt, (void)w, (void)h, (void)pad, (void)misalign;
    return 0;
#endif
}

static const int32_t sizes[][2] = { { 1, 1 }, { 2, 3 }, { 7, 3 }, { 15, 2 }, { 16, 5 }, { 17, 9 }, { 33, 4 }, { 70, 11 } };
#define NUM_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

START_TEST(test_box_neon_vs_ref_any_width_border_pitched)
{
    static const int32_t ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 2, 1 }, { 4, 7 }, { 9, 2 }, { 17, 17 }, { 31, 9 } };
    int runs = 0;
    vt_seed(21);
    for (size_t k = 0; k < sizeof ks / sizeof ks[0]; k++)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (int i = 0; i < NUM_FORMATS; i++)
                for (int s = 0; s < NUM_SIZES; s++)
                    runs += neon_vs_ref(&(vt_filter){ .algo = VT_BOX, .kw = ks[k][0], .kh = ks[k][1], .border = vt_borders[b],
                                                      .value = b == 0 ? 201.7f : 0 },
                                        all_formats[i], sizes[s][0], sizes[s][1], s % 5, s % 3);
#if VELA_HAVE_NEON
    ck_assert_int_gt(runs, 1500);
#endif
}
END_TEST

START_TEST(test_gaussian_neon_vs_ref_any_width_border_pitched)
{
    /* Binomial (the 16-bit vertical pass; 3 and 5 by shifts and pair sums, mixed too), sigma-derived
     * (the 32-bit one), sizes from sigma. */
    static const struct { int32_t kw, kh; double sx, sy; } ps[] = {
        { 3, 3, 0, 0 }, { 5, 5, 0, 0 }, { 7, 7, 0, 0 }, { 5, 5, 1.4, 0 }, { 3, 9, 0.5, 3.0 }, { 0, 0, 1.1, 0 },
        { 1, 1, 0, 0 }, { 31, 5, 0, 0 }, { 3, 3, 0.1, 0 }, { 1, 5, 0, 0 }, { 5, 3, 0, 0 }, { 3, 5, 0, 0 },
        { 5, 1, 0, 0 },
    };
    int runs = 0;
    vt_seed(22);
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (int i = 0; i < NUM_FORMATS; i++)
                for (int s = 0; s < NUM_SIZES; s++) {
                    vt_filter f = { .algo = VT_GAUSSIAN, .kw = ps[k].kw, .kh = ps[k].kh, .sx = ps[k].sx, .sy = ps[k].sy,
                                    .border = vt_borders[b], .value = b == 0 ? 17.0f : 0 };
                    runs += neon_vs_ref(&f, all_formats[i], sizes[s][0], sizes[s][1], s % 4, s % 3);
                }
#if VELA_HAVE_NEON
    ck_assert_int_gt(runs, 2000);
#endif
}
END_TEST

START_TEST(test_convolutions_neon_vs_ref_any_width_border_pitched)
{
    static const int32_t ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 2, 6 }, { 11, 11 }, { 15, 15 }, { 15, 1 }, { 4, 13 } };
    int runs = 0;
    vt_seed(23);
    for (int algo = VT_CONV2D; algo <= VT_SEPCONV; algo++)
        for (size_t k = 0; k < sizeof ks / sizeof ks[0]; k++)
            for (int b = 0; b < VT_NUM_BORDERS; b++)
                for (int i = 0; i < NUM_FORMATS; i++)
                    for (int s = 0; s < NUM_SIZES; s++) {
                        vt_filter f = vt_filter_make((vt_filter_algo)algo, ks[k][0], ks[k][1], vt_borders[b],
                                                     b == 0 ? -7.5f : 0);
                        runs += neon_vs_ref(&f, all_formats[i], sizes[s][0], sizes[s][1], s % 6, s % 2);
                    }
#if VELA_HAVE_NEON
    ck_assert_int_gt(runs, 1500);
#endif
}
END_TEST

/* Strips: images wider than one strip of the scratch budget, with the largest kernels. */
START_TEST(test_neon_vs_ref_wide_strips)
{
    vt_seed(24);
    const int32_t w = VT_BIG ? 2000 : 700, h = VT_BIG ? 40 : 34;
    neon_vs_ref(&(vt_filter){ .algo = VT_BOX, .kw = 31, .kh = 31, .border = VELA_BORDER_REFLECT }, VELA_FORMAT_RGBA8, w, h, 3, 1);
    neon_vs_ref(&(vt_filter){ .algo = VT_BOX, .kw = 5, .kh = 5, .border = VELA_BORDER_REPLICATE }, VELA_FORMAT_U8, w, h, 0, 0);
    neon_vs_ref(&(vt_filter){ .algo = VT_GAUSSIAN, .kw = 31, .kh = 31, .border = VELA_BORDER_REFLECT_101 },
                VELA_FORMAT_RGB8, w, h, 5, 2);
    /* The binomial paths: strips of about 2200 RGBA8 and 14000 U8 pixels. */
    neon_vs_ref(&(vt_filter){ .algo = VT_GAUSSIAN, .kw = 5, .kh = 5, .border = VELA_BORDER_REFLECT_101 },
                VELA_FORMAT_RGBA8, VT_BIG ? 5000 : 2400, VT_BIG ? 12 : 6, 1, 3);
    neon_vs_ref(&(vt_filter){ .algo = VT_GAUSSIAN, .kw = 3, .kh = 3, .border = VELA_BORDER_CONSTANT, .value = 9 },
                VELA_FORMAT_U8, VT_BIG ? 30000 : 15000, 6, 2, 1);
    vt_filter c = vt_filter_make(VT_CONV2D, 15, 15, VELA_BORDER_CONSTANT, 3.0f);
    neon_vs_ref(&c, VELA_FORMAT_F32, w, h, 4, 0);
    vt_filter sp = vt_filter_make(VT_SEPCONV, 31, 31, VELA_BORDER_REFLECT_101, 0);
    neon_vs_ref(&sp, VELA_FORMAT_S16, w, h, 2, 0);
}
END_TEST

/* The public API on the CPU backend, bands of the pool and all, against the reference kernel,
 * with the plain-C kernels forced as well (VELA_CPU_KERNELS=ref). */
static void cpu_backend_vs_ref(const vt_filter *f, vela_format fmt, int32_t w, int32_t h)
{
    vt_plan plan;
    VT_OK(vt_plan_make(f, fmt, w, h, &plan));
    vt_buffer src = vt_buffer_alloc(fmt, w, h, 7, 1);
    vt_buffer out = vt_buffer_alloc(fmt, w, h, 11, 3);
    vt_buffer ref = vt_buffer_alloc(fmt, w, h, 0, 0);
    vt_filter_fill(&src.data, 300.0f);
    VT_OK(vt_plan_ref(&plan, &src.data, &ref.data, 0, h));
    vela_stream *s;
    vela_image *is, *id;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
    VT_OK(vt_filter_submit(s, VELA_BACKEND_CPU, is, id, f));
    VT_OK(vela_stream_sync(s));
    ck_assert_msg(vt_diff_data(&out.data, &ref.data) == 0, "%s %s %dx%d", vt_algo_name(f->algo), vela_format_name(fmt), w, h);
    ck_assert(vt_padding_intact(&out.data));
    vela_image_destroy(is);
    vela_image_destroy(id);
    vela_stream_destroy(s);
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vt_buffer_free(&ref);
}

START_TEST(test_cpu_backend_vs_ref_bands_pitched_wrapped)
{
    const int32_t w = VT_BIG ? 641 : 161, h = VT_BIG ? 479 : 67;
    vt_seed(25);
    for (int i = 0; i < NUM_FORMATS; i++) {
        cpu_backend_vs_ref(&(vt_filter){ .algo = VT_BOX, .kw = 5, .kh = 5, .border = VELA_BORDER_REFLECT_101 }, all_formats[i], w, h);
        cpu_backend_vs_ref(&(vt_filter){ .algo = VT_GAUSSIAN, .kw = 7, .kh = 3, .sx = 1.5, .border = VELA_BORDER_REPLICATE },
                           all_formats[i], w, h);
        vt_filter c = vt_filter_make(VT_CONV2D, 3, 5, VELA_BORDER_CONSTANT, 9.0f);
        if (all_formats[i] != VELA_FORMAT_RGB8 && all_formats[i] != VELA_FORMAT_RGBA8 && all_formats[i] != VELA_FORMAT_BGRA8) {
            cpu_backend_vs_ref(&c, all_formats[i], w, h);
            vt_filter sp = vt_filter_make(VT_SEPCONV, 5, 3, VELA_BORDER_REFLECT, 0);
            cpu_backend_vs_ref(&sp, all_formats[i], w, h);
        }
    }
}
END_TEST

/* OpenCV's kernel rules: the binomial kernels, sums of 256, sizes from sigma, sigma from size. */
START_TEST(test_gaussian_kernel_rules)
{
    vl_gaussian_plan p;
    vela_gaussian_filter_params gp;
    vela_gaussian_filter_params_default(&gp);
    ck_assert_int_eq(gp.kernel_width, 5);
    ck_assert_int_eq(gp.border, VELA_BORDER_REFLECT_101);
    VT_OK(vl_gaussian_plan_make(VELA_FORMAT_U8, 64, 64, NULL, &p));
    static const uint16_t b5[5] = { 16, 64, 96, 64, 16 };
    ck_assert(p.integer && p.q8.s.kw == 5 && p.q8.s.kh == 5);
    ck_assert(memcmp(p.q8.kx, b5, sizeof b5) == 0 && memcmp(p.q8.ky, b5, sizeof b5) == 0);
    /* Every size and a range of sigmas: 256 in total, symmetric, non-negative. */
    for (int32_t n = 1; n <= VELA_FILTER_MAX_KERNEL; n += 2)
        for (double sigma = 0; sigma < 9; sigma += 0.37) {
            double k[VELA_FILTER_MAX_KERNEL], sum = 0;
            uint16_t q[VELA_FILTER_MAX_KERNEL];
            int32_t qsum = 0;
            vl_gaussian_kernel(n, sigma, k);
            vl_gaussian_kernel_q8(k, n, q);
            for (int32_t i = 0; i < n; i++) {
                sum += k[i];
                qsum += q[i];
                ck_assert(q[i] == q[n - 1 - i] && k[i] == k[n - 1 - i]);
            }
            ck_assert_msg(fabs(sum - 1) < 1e-12 && qsum == 256, "n %d sigma %g: sums %.15g and %d", n, sigma, sum, qsum);
        }
    /* Sizes from sigma: round(sigma * 6 + 1) | 1 for 8 bits, round(sigma * 8 + 1) | 1 otherwise. */
    gp.kernel_width = gp.kernel_height = 0;
    gp.sigma_x = 1.2;
    gp.sigma_y = 0.4;
    VT_OK(vl_gaussian_plan_make(VELA_FORMAT_RGB8, 64, 64, &gp, &p));
    ck_assert_int_eq(p.q8.s.kw, 9);  /* round(7.2) | 1 */
    ck_assert_int_eq(p.q8.s.kh, 3);  /* round(3.4) | 1 */
    VT_OK(vl_gaussian_plan_make(VELA_FORMAT_F32, 64, 64, &gp, &p));
    ck_assert(!p.integer && p.f.s.kw == 11 && p.f.s.kh == 5);  /* round(10.6) | 1, round(4.2) | 1 */
    /* A one-pixel side folds onto itself except with a constant border, as in OpenCV. */
    vela_gaussian_filter_params_default(&gp);
    VT_OK(vl_gaussian_plan_make(VELA_FORMAT_U8, 64, 1, &gp, &p));
    ck_assert_int_eq(p.q8.s.kh, 1);
    gp.border = VELA_BORDER_CONSTANT;
    VT_OK(vl_gaussian_plan_make(VELA_FORMAT_U8, 64, 1, &gp, &p));
    ck_assert_int_eq(p.q8.s.kh, 5);
}
END_TEST

/* A sum of 510 over a 2-pixel box divides to 256 in OpenCV's Q23: vela saturates to 255 (as
 * OpenCV's vector loop does; its scalar tail wraps to 0). */
START_TEST(test_box_area_2_saturates)
{
    vl_box_plan p;
    vela_box_filter_params bp = { 2, 1, VELA_BORDER_REPLICATE, 0 };
    VT_OK(vl_box_plan_make(VELA_FORMAT_U8, 40, 2, &bp, &p));
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_U8, 40, 2, 0, 0), out = vt_buffer_alloc(VELA_FORMAT_U8, 40, 2, 0, 0);
    memset(src.data.planes[0].data, 255, 80);
    VT_OK(vl_box8_ref(&p.b8, &src.data, &out.data, 0, 2));
    for (int i = 0; i < 80; i++) ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[i], 255);
#if VELA_HAVE_NEON
    memset(out.data.planes[0].data, 0, 80);
    VT_OK(vl_box8_neon(&p.b8, &src.data, &out.data, 0, 2));
    for (int i = 0; i < 80; i++) ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[i], 255);
#endif
    vt_buffer_free(&src);
    vt_buffer_free(&out);
}
END_TEST

/* A constant image stays constant under every normalised filter and border but CONSTANT. */
START_TEST(test_constant_image_unchanged)
{
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_create(37, 23, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &a));
    VT_OK(vela_image_create(37, 23, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &b));
    vela_image_data d;
    VT_OK(vela_image_lock(a, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    for (int y = 0; y < 23; y++) memset((uint8_t *)d.planes[0].data + y * d.planes[0].pitch, 123, 37 * 4);
    VT_OK(vela_image_unlock(a));
    for (int k = 1; k < VT_NUM_BORDERS; k++) {
        vela_gaussian_filter_params gp;
        vela_gaussian_filter_params_default(&gp);
        gp.kernel_width = 9;
        gp.sigma_x = 2.0;
        gp.border = vt_borders[k];
        VT_OK(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, a, b, &gp));
        VT_OK(vela_image_lock(b, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
        for (int y = 0; y < 23; y++)
            for (int x = 0; x < 37 * 4; x++) ck_assert_int_eq(((uint8_t *)d.planes[0].data)[y * d.planes[0].pitch + x], 123);
        VT_OK(vela_image_unlock(b));
        vela_box_filter_params bp = { 7, 3, vt_borders[k], 0 };
        VT_OK(vela_submit_box_filter(s, VELA_BACKEND_CPU, a, b, &bp));
        VT_OK(vela_image_lock(b, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
        for (int y = 0; y < 23; y++)
            for (int x = 0; x < 37 * 4; x++) ck_assert_int_eq(((uint8_t *)d.planes[0].data)[y * d.planes[0].pitch + x], 123);
        VT_OK(vela_image_unlock(b));
    }
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

/* Bad input: a clear status, a message naming the argument, nothing queued and nothing written. */
START_TEST(test_bad_input_writes_nothing)
{
    vela_stream *s;
    vela_image *u8, *f32, *small, *nv12, *s16, *rgb, *rgb2;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer out = vt_buffer_alloc(VELA_FORMAT_U8, 16, 8, 4, 0);
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_U8, 16, 8, 0, 0);
    VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &u8));
    vela_image *dst;
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &dst));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_F32, VELA_BACKEND_CPU, &f32));
    VT_OK(vela_image_create(15, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &small));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_S16, VELA_BACKEND_CPU, &s16));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb));
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &rgb2));
    float k9[9] = { 0, 0, 0, 0, 1, 0, 0, 0, 0 };
    float k3[3] = { 0.25f, 0.5f, 0.25f };

    /* Every filter: stream, images, in-place, sizes, formats, border, border value. */
    for (int algo = VT_BOX; algo <= VT_SEPCONV; algo++) {
        vt_filter f = vt_filter_make((vt_filter_algo)algo, 3, 3, VELA_BORDER_REFLECT_101, 0);
        memcpy(f.k, k9, sizeof k9);
        memcpy(f.kx, k3, sizeof k3);
        memcpy(f.ky, k3, sizeof k3);
        VT_FAILS(vt_filter_submit(NULL, VELA_BACKEND_CPU, u8, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "stream");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, NULL, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, u8, NULL, &f), VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, dst, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "in-place");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, small, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "15x8");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, f32, dst, &f), VELA_ERROR_INVALID_IMAGE_FORMAT, "dst format U8 differs");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, nv12, nv12, &f), VELA_ERROR_INVALID_ARGUMENT, "in-place");
        f.border = VELA_BORDER_TRANSPARENT;
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, u8, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "params->border TRANSPARENT");
        f.border = (vela_border)9;
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, u8, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "params->border 9");
        f.border = VELA_BORDER_CONSTANT;
        f.value = NAN;
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CPU, u8, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "params->border_value nan");
        f.value = 0;
        VT_FAILS(vt_filter_submit(s, (vela_backend)0, u8, dst, &f), VELA_ERROR_INVALID_ARGUMENT, "backend 0x0");
        VT_FAILS(vt_filter_submit(s, VELA_BACKEND_CUDA, u8, dst, &f), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    }
    vela_image *nv12b;
    VT_OK(vela_image_create(16, 8, VELA_FORMAT_NV12, VELA_BACKEND_CPU, &nv12b));
    VT_FAILS(vela_submit_box_filter(s, VELA_BACKEND_CPU, nv12, nv12b, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT,
             "src format NV12 is not taken by the box filter");
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, nv12, nv12b, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT,
             "Gaussian filter");
    VT_FAILS(vela_submit_convolution(s, VELA_BACKEND_CPU, rgb, rgb2, k9, 3, 3, NULL), VELA_ERROR_INVALID_IMAGE_FORMAT,
             "src format RGB8 is not taken by the convolution");
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, rgb, rgb2, k3, 3, k3, 3, NULL),
             VELA_ERROR_INVALID_IMAGE_FORMAT, "separable convolution");

    /* Box sizes. */
    vela_box_filter_params bp;
    vela_box_filter_params_default(&bp);
    bp.kernel_width = 0;
    VT_FAILS(vela_submit_box_filter(s, VELA_BACKEND_CPU, u8, dst, &bp), VELA_ERROR_INVALID_ARGUMENT, "params->kernel_width 0 must be 1..31");
    vela_box_filter_params_default(&bp);
    bp.kernel_height = 32;
    VT_FAILS(vela_submit_box_filter(s, VELA_BACKEND_CPU, u8, dst, &bp), VELA_ERROR_INVALID_ARGUMENT, "params->kernel_height 32");

    /* Gaussian sizes and sigmas. */
    vela_gaussian_filter_params gp;
    vela_gaussian_filter_params_default(&gp);
    gp.kernel_width = 4;
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, u8, dst, &gp), VELA_ERROR_INVALID_ARGUMENT,
             "params->kernel_width 4 must be odd");
    vela_gaussian_filter_params_default(&gp);
    gp.kernel_height = 0;
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, u8, dst, &gp), VELA_ERROR_INVALID_ARGUMENT,
             "params->kernel_height 0 needs params->sigma_y > 0");
    vela_gaussian_filter_params_default(&gp);
    gp.kernel_width = 0;
    gp.sigma_x = 6.0;
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, u8, dst, &gp), VELA_ERROR_INVALID_ARGUMENT,
             "params->kernel_width 0 with params->sigma_x 6 asks for 37 taps");
    vela_gaussian_filter_params_default(&gp);
    gp.sigma_y = INFINITY;
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, u8, dst, &gp), VELA_ERROR_INVALID_ARGUMENT,
             "params->sigma_y inf");
    vela_gaussian_filter_params_default(&gp);
    gp.kernel_width = 33;
    VT_FAILS(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, u8, dst, &gp), VELA_ERROR_INVALID_ARGUMENT,
             "params->kernel_width 33");

    /* Convolution kernels. */
    VT_FAILS(vela_submit_convolution(s, VELA_BACKEND_CPU, u8, dst, NULL, 3, 3, NULL), VELA_ERROR_INVALID_ARGUMENT, "kernel is NULL");
    VT_FAILS(vela_submit_convolution(s, VELA_BACKEND_CPU, u8, dst, k9, 16, 1, NULL), VELA_ERROR_INVALID_ARGUMENT,
             "kernel_width 16 must be 1..15");
    VT_FAILS(vela_submit_convolution(s, VELA_BACKEND_CPU, u8, dst, k9, 3, 0, NULL), VELA_ERROR_INVALID_ARGUMENT,
             "kernel_height 0");
    k9[7] = INFINITY;
    VT_FAILS(vela_submit_convolution(s, VELA_BACKEND_CPU, u8, dst, k9, 3, 3, NULL), VELA_ERROR_INVALID_ARGUMENT, "kernel[7] is inf");
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, u8, dst, NULL, 3, k3, 3, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "kernel_x is NULL");
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, u8, dst, k3, 3, NULL, 3, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "kernel_y is NULL");
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, u8, dst, k3, 32, k3, 3, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "size_x 32");
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, u8, dst, k3, 3, k3, -1, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "size_y -1");
    k3[1] = NAN;
    VT_FAILS(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, u8, dst, k9, 3, k3, 3, NULL),
             VELA_ERROR_INVALID_ARGUMENT, "kernel_y[1] is nan");

    VT_OK(vela_stream_sync(s));
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 16 + 4; x++)
            ck_assert_int_eq(((uint8_t *)out.data.planes[0].data)[y * out.data.planes[0].pitch + x], VT_POISON);
    vela_image_destroy(u8);
    vela_image_destroy(dst);
    vela_image_destroy(f32);
    vela_image_destroy(small);
    vela_image_destroy(nv12);
    vela_image_destroy(nv12b);
    vela_image_destroy(s16);
    vela_image_destroy(rgb);
    vela_image_destroy(rgb2);
    vela_stream_destroy(s);
    vt_buffer_free(&out);
    vt_buffer_free(&src);
}
END_TEST

/* NULL params are the defaults: 5 x 5, REFLECT_101. */
START_TEST(test_null_params_are_defaults)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_buffer src = vt_buffer_alloc(VELA_FORMAT_U8, 29, 13, 0, 0), a = vt_buffer_alloc(VELA_FORMAT_U8, 29, 13, 0, 0),
              b = vt_buffer_alloc(VELA_FORMAT_U8, 29, 13, 0, 0);
    vt_fill_data(&src.data);
    vela_image *is, *ia;
    VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
    VT_OK(vela_image_wrap_host(&a.data, VELA_BACKEND_CPU, &ia));
    vt_plan plan;
    vt_filter box = { .algo = VT_BOX, .kw = 5, .kh = 5, .border = VELA_BORDER_REFLECT_101 };
    VT_OK(vela_submit_box_filter(s, VELA_BACKEND_CPU, is, ia, NULL));
    VT_OK(vela_stream_sync(s));
    VT_OK(vt_plan_make(&box, VELA_FORMAT_U8, 29, 13, &plan));
    VT_OK(vt_plan_ref(&plan, &src.data, &b.data, 0, 13));
    ck_assert(vt_diff_data(&a.data, &b.data) == 0);
    vt_filter g = { .algo = VT_GAUSSIAN, .kw = 5, .kh = 5, .border = VELA_BORDER_REFLECT_101 };
    VT_OK(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, is, ia, NULL));
    VT_OK(vela_stream_sync(s));
    VT_OK(vt_plan_make(&g, VELA_FORMAT_U8, 29, 13, &plan));
    VT_OK(vt_plan_ref(&plan, &src.data, &b.data, 0, 13));
    ck_assert(vt_diff_data(&a.data, &b.data) == 0);
    vela_convolution_params cp;
    vela_convolution_params_default(&cp);
    ck_assert_int_eq(cp.border, VELA_BORDER_REFLECT_101);
    ck_assert(cp.border_value == 0.0f);
    vela_image_destroy(is);
    vela_image_destroy(ia);
    vela_stream_destroy(s);
    vt_buffer_free(&src);
    vt_buffer_free(&a);
    vt_buffer_free(&b);
}
END_TEST

START_TEST(test_auto_runs_on_host_data)
{
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_U8, 0, &a));
    VT_OK(vela_image_create(64, 48, VELA_FORMAT_U8, 0, &b));
    VT_OK(vela_submit_gaussian_filter(s, VELA_BACKEND_AUTO, a, b, NULL));
    VT_OK(vela_submit_box_filter(s, VELA_BACKEND_AUTO, b, a, NULL));
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("filter");
    TCase *tc = tcase_create("filter");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_box_neon_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_gaussian_neon_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_convolutions_neon_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_neon_vs_ref_wide_strips);
    tcase_add_test(tc, test_cpu_backend_vs_ref_bands_pitched_wrapped);
    tcase_add_test(tc, test_gaussian_kernel_rules);
    tcase_add_test(tc, test_box_area_2_saturates);
    tcase_add_test(tc, test_constant_image_unchanged);
    tcase_add_test(tc, test_bad_input_writes_nothing);
    tcase_add_test(tc, test_null_params_are_defaults);
    tcase_add_test(tc, test_auto_runs_on_host_data);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
