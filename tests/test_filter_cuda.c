/* The linear filters on CUDA against the plain-C reference, value for value: every filter, format,
 * border and kernel shape, odd sizes, padded host rows, the fast register-window kernels (aligned
 * device rows) and the shared-memory tiles (unaligned wrapped device memory), large images,
 * residency across backends. Skipped (77) without a GPU; also run with VELA_CUDA_MAPPED=1. */
#include "filter_cases.h"

#include <cuda_runtime_api.h>
#include <string.h>

/* Submits f on CUDA with host-wrapped, pitched buffers and compares with the reference; 0 when
 * the filter does not take the format. */
static int cuda_vs_ref(vela_stream *s, const vt_filter *f, vela_format fmt, int32_t w, int32_t h)
{
    vt_plan plan;
    if (vt_plan_make(f, fmt, w, h, &plan) != VELA_OK) return 0;
    vt_buffer src = vt_buffer_alloc(fmt, w, h, 5, 1);
    vt_buffer out = vt_buffer_alloc(fmt, w, h, 7, 3);
    vt_buffer ref = vt_buffer_alloc(fmt, w, h, 0, 0);
    vt_filter_fill(&src.data, 500.0f);
    vt_wrapped pair = vt_wrap_pair(&src.data, &out.data);
    VT_OK(vt_filter_submit(s, VELA_BACKEND_CUDA, pair.src, pair.dst, f));
    vt_unwrap_pair(s, &pair);
    VT_OK(vt_plan_ref(&plan, &src.data, &ref.data, 0, h));
    double diff = vt_max_abs_diff(&out.data, &ref.data);
    ck_assert_msg(diff == 0.0, "%s %s %dx%d k %dx%d sigma %g border %d value %g: max |d| %g from the reference",
                  vt_algo_name(f->algo), vela_format_name(fmt), w, h, f->kw, f->kh, f->sx, (int)f->border,
                  (double)f->value, diff);
    ck_assert_msg(vt_padding_intact(&out.data), "%s %s %dx%d wrote past a row", vt_algo_name(f->algo),
                  vela_format_name(fmt), w, h);
    vt_buffer_free(&src);
    vt_buffer_free(&out);
    vt_buffer_free(&ref);
    return 1;
}

static const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8,
                                       VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
#define NUM_FORMATS ((int)(sizeof formats / sizeof formats[0]))
static const int32_t sizes[][2] = { { 1, 1 }, { 7, 3 }, { 17, 9 }, { 67, 35 } };
#define NUM_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

/* Every filter on the shared-memory tiles and the fast kernels, every border, odd sizes. */
START_TEST(test_cuda_vs_ref_any_width_border_pitched)
{
    static const int32_t ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 7, 7 }, { 4, 2 }, { 9, 9 }, { 15, 15 }, { 31, 5 } };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(31);
    int runs = 0;
    for (int algo = VT_BOX; algo <= VT_SEPCONV; algo++)
        for (size_t k = 0; k < sizeof ks / sizeof ks[0]; k++)
            for (int b = 0; b < VT_NUM_BORDERS; b++)
                for (int i = 0; i < NUM_FORMATS; i++)
                    for (int z = 0; z < NUM_SIZES; z++) {
                        int32_t kw = ks[k][0], kh = ks[k][1];
                        if (algo == VT_GAUSSIAN && (!(kw & 1) || !(kh & 1))) continue;
                        if (algo == VT_CONV2D && (kw > 15 || kh > 15)) continue;
                        vt_filter f = vt_filter_make((vt_filter_algo)algo, kw, kh, vt_borders[b], b == 0 ? 99.0f : 0.0f);
                        if (algo == VT_GAUSSIAN && k == 3) f.sx = 1.7;  /* a sigma-derived 7x7 */
                        runs += cuda_vs_ref(s, &f, formats[i], sizes[z][0], sizes[z][1]);
                    }
    ck_assert_int_gt(runs, 1500);
    vela_stream_destroy(s);
}
END_TEST

/* The fast kernels at the edges of their 16-byte chunks and R-row groups: widths and heights
 * around 16 and 8, one to four channels, every border, non-zero constants. */
START_TEST(test_cuda_fast_kernels_chunk_edges)
{
    static const int32_t widths[] = { 1, 2, 5, 15, 16, 17, 31, 33, 100 };
    static const int32_t heights[] = { 1, 2, 7, 8, 9, 17 };
    static const vela_format f8[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8 };
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(32);
    for (int32_t k = 3; k <= 7; k += 2)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (int i = 0; i < 3; i++)
                for (size_t x = 0; x < sizeof widths / sizeof widths[0]; x++)
                    for (size_t y = 0; y < sizeof heights / sizeof heights[0]; y += 1 + (x & 1)) {
                        vt_filter box = vt_filter_make(VT_BOX, k, k, vt_borders[b], 201.0f);
                        cuda_vs_ref(s, &box, f8[i], widths[x], heights[y]);
                        vt_filter g = vt_filter_make(VT_GAUSSIAN, k, k, vt_borders[b], 13.0f);
                        cuda_vs_ref(s, &g, f8[i], widths[x], heights[y]);
                    }
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_vs_ref_1921x1081)
{
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(33);
    for (int b = 0; b < VT_NUM_BORDERS; b++) {
        cuda_vs_ref(s, &(vt_filter){ .algo = VT_BOX, .kw = 5, .kh = 5, .border = vt_borders[b] }, VELA_FORMAT_U8, 1921, 1081);
        cuda_vs_ref(s, &(vt_filter){ .algo = VT_GAUSSIAN, .kw = 5, .kh = 5, .border = vt_borders[b] }, VELA_FORMAT_U8, 1921, 1081);
    }
    cuda_vs_ref(s, &(vt_filter){ .algo = VT_BOX, .kw = 3, .kh = 3, .border = VELA_BORDER_REFLECT }, VELA_FORMAT_RGBA8, 1921, 1081);
    cuda_vs_ref(s, &(vt_filter){ .algo = VT_GAUSSIAN, .kw = 9, .kh = 9, .sx = 2.0, .border = VELA_BORDER_REPLICATE },
                VELA_FORMAT_RGB8, 1921, 1081);
    vt_filter c = vt_filter_make(VT_CONV2D, 11, 11, VELA_BORDER_REFLECT_101, 0);
    cuda_vs_ref(s, &c, VELA_FORMAT_F32, 1921, 1081);
    vt_filter sp = vt_filter_make(VT_SEPCONV, 7, 7, VELA_BORDER_CONSTANT, 4.0f);
    cuda_vs_ref(s, &sp, VELA_FORMAT_F16, 1921, 1081);
    cuda_vs_ref(s, &(vt_filter){ .algo = VT_GAUSSIAN, .kw = 5, .kh = 5, .border = VELA_BORDER_REPLICATE }, VELA_FORMAT_U8, 3840, 2160);
    vela_stream_destroy(s);
}
END_TEST

/* Device memory wrapped at an address and pitch that are not 16-byte aligned: the tiles run
 * instead of the fast kernel, and still agree with the reference. */
START_TEST(test_cuda_unaligned_wrapped_device_memory)
{
    const int32_t w = 77, h = 29;
    vela_stream *s;
    VT_OK(vela_stream_create(0, &s));
    vt_seed(34);
    const vela_format f8[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8 };
    for (int i = 0; i < 2; i++) {
        vela_format fmt = f8[i];
        int32_t row_bytes = w * (fmt == VELA_FORMAT_U8 ? 1 : 4), pitch = row_bytes + 4;
        vt_buffer host = vt_buffer_alloc(fmt, w, h, 0, 0), ref = vt_buffer_alloc(fmt, w, h, 0, 0);
        vt_buffer back = vt_buffer_alloc(fmt, w, h, 0, 0);
        vt_filter_fill(&host.data, 0);
        uint8_t *din, *dout;
        ck_assert_int_eq(cudaMalloc((void **)&din, (size_t)pitch * h + 64), cudaSuccess);
        ck_assert_int_eq(cudaMalloc((void **)&dout, (size_t)pitch * h + 64), cudaSuccess);
        ck_assert_int_eq(cudaMemcpy2D(din + 4, (size_t)pitch, host.data.planes[0].data, (size_t)host.data.planes[0].pitch,
                                      (size_t)row_bytes, (size_t)h, cudaMemcpyHostToDevice), cudaSuccess);
        vela_image_data di = { fmt, w, h, 1, { { din + 4, pitch } } }, dd = { fmt, w, h, 1, { { dout + 4, pitch } } };
        vela_image *is, *id;
        VT_OK(vela_image_wrap_cuda(&di, 0, &is));
        VT_OK(vela_image_wrap_cuda(&dd, 0, &id));
        for (int algo = VT_BOX; algo <= VT_GAUSSIAN; algo++) {
            vt_filter f = vt_filter_make((vt_filter_algo)algo, 5, 5, VELA_BORDER_REFLECT_101, 0);
            VT_OK(vt_filter_submit(s, VELA_BACKEND_CUDA, is, id, &f));
            VT_OK(vela_stream_sync(s));
            ck_assert_int_eq(cudaMemcpy2D(back.data.planes[0].data, (size_t)back.data.planes[0].pitch, dout + 4, (size_t)pitch,
                                          (size_t)row_bytes, (size_t)h, cudaMemcpyDeviceToHost), cudaSuccess);
            vt_plan plan;
            VT_OK(vt_plan_make(&f, fmt, w, h, &plan));
            VT_OK(vt_plan_ref(&plan, &host.data, &ref.data, 0, h));
            ck_assert_msg(vt_diff_data(&back.data, &ref.data) == 0, "%s %s unaligned", vt_algo_name(f.algo), vela_format_name(fmt));
        }
        vela_image_destroy(is);
        vela_image_destroy(id);
        cudaFree(din);
        cudaFree(dout);
        vt_buffer_free(&host);
        vt_buffer_free(&ref);
        vt_buffer_free(&back);
    }
    vela_stream_destroy(s);
}
END_TEST

/* CPU -> CUDA -> CPU -> CUDA on one stream without syncs: the same bytes as all on the CPU. */
START_TEST(test_residency_interleaved_backends_one_stream)
{
    const int32_t w = 641, h = 479;
    vela_stream *s;
    vela_image *a, *b, *c, *ra, *rb, *rc;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &a));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &b));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &c));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &ra));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &rb));
    VT_OK(vela_image_create(w, h, VELA_FORMAT_U8, 0, &rc));
    vt_fill_image(a);
    vt_copy_image(ra, a);
    float k9[9] = { 0.1f, -0.2f, 0.3f, 0.05f, 0.5f, 0.05f, 0.3f, -0.2f, 0.1f };
    vela_backend order[3][4] = { { VELA_BACKEND_CPU, VELA_BACKEND_CUDA, VELA_BACKEND_CPU, VELA_BACKEND_CUDA },
                                 { VELA_BACKEND_CUDA, VELA_BACKEND_CUDA, VELA_BACKEND_CPU, VELA_BACKEND_AUTO },
                                 { VELA_BACKEND_CUDA, VELA_BACKEND_CPU, VELA_BACKEND_CUDA, VELA_BACKEND_CPU } };
    for (int round = 0; round < 3; round++) {
        VT_OK(vela_submit_gaussian_filter(s, order[round][0], a, b, NULL));
        VT_OK(vela_submit_box_filter(s, order[round][1], b, c, NULL));
        VT_OK(vela_submit_convolution(s, order[round][2], c, b, k9, 3, 3, NULL));
        VT_OK(vela_submit_separable_convolution(s, order[round][3], b, c, k9, 5, k9 + 2, 7, NULL));
        VT_OK(vela_submit_gaussian_filter(s, VELA_BACKEND_CPU, ra, rb, NULL));
        VT_OK(vela_submit_box_filter(s, VELA_BACKEND_CPU, rb, rc, NULL));
        VT_OK(vela_submit_convolution(s, VELA_BACKEND_CPU, rc, rb, k9, 3, 3, NULL));
        VT_OK(vela_submit_separable_convolution(s, VELA_BACKEND_CPU, rb, rc, k9, 5, k9 + 2, 7, NULL));
        VT_OK(vela_stream_sync(s));
        ck_assert_uint_eq(vt_diff_images(c, rc), 0);
        ck_assert_uint_eq(vt_diff_images(b, rb), 0);
    }
    vela_image *all[] = { a, b, c, ra, rb, rc };
    for (size_t i = 0; i < 6; i++) vela_image_destroy(all[i]);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_cuda_bad_input)
{
    vela_stream *cpu_only, *s;
    vela_image *cpu_img, *img, *img2;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &cpu_only));
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU, &cpu_img));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_U8, 0, &img));
    VT_OK(vela_image_create(8, 8, VELA_FORMAT_U8, 0, &img2));
    VT_FAILS(vela_submit_gaussian_filter(cpu_only, VELA_BACKEND_CUDA, img, img2, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "stream was created without it");
    VT_FAILS(vela_submit_box_filter(s, VELA_BACKEND_CUDA, img, cpu_img, NULL), VELA_ERROR_BACKEND_UNAVAILABLE,
             "dst was created without VELA_BACKEND_CUDA");
    VT_FAILS(vela_submit_box_filter(s, VELA_BACKEND_CUDA, img, img, NULL), VELA_ERROR_INVALID_ARGUMENT, "in-place");
    vela_image_destroy(cpu_img);
    vela_image_destroy(img);
    vela_image_destroy(img2);
    vela_stream_destroy(cpu_only);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("filter_cuda");
    TCase *tc = tcase_create("filter_cuda");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_cuda_vs_ref_any_width_border_pitched);
    tcase_add_test(tc, test_cuda_fast_kernels_chunk_edges);
    tcase_add_test(tc, test_cuda_vs_ref_1921x1081);
    tcase_add_test(tc, test_cuda_unaligned_wrapped_device_memory);
    tcase_add_test(tc, test_residency_interleaved_backends_one_stream);
    tcase_add_test(tc, test_cuda_bad_input);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
