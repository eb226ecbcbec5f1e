// Parity with OpenCV 4.6, the golden oracle: cv::GaussianBlur and cv::blur bit-exact on 8-bit
// channels (vela reproduces their fixed point), within 1 on S16 and within float rounding on F32
// and F16; cv::filter2D and cv::sepFilter2D within 1 on U8 and S16 (REFERENCE.md) and within float
// rounding on F32 and F16 (OpenCV switches to a DFT for large kernels). The plain-C reference and
// the CPU backend (NEON) are both checked, on every border mode, odd sizes and padded rows.
// The images are cv::Mats wrapped through the OpenCV bridge (vela/opencv.h): OpenCV and vela read
// and write the very same memory. They are ROIs of larger poisoned Mats (padded steps, unaligned
// starts), so that reads and writes outside them show.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <vela/opencv.h>

#include "filter_cases.h"
#include "opencv_harness.hpp"

namespace {

// OpenCV's answer, in float for F16 sources (OpenCV 4.6's filters do not take CV_16F). A non-zero
// constant border, which OpenCV's filters do not take, is made by padding first and cropping after.
cv::Mat opencv_filter(const vt_filter &f, const cv::Mat &src_in)
{
    cv::Mat src = src_in;
    if (src.depth() == CV_16F) src_in.convertTo(src, CV_32F);
    int border;
    VT_OK(vela_opencv_border_to_cv(f.border, &border));
    int kw = f.kw, kh = f.kh;
    if (f.algo == VT_GAUSSIAN && (kw == 0 || kh == 0)) {  // the padding needs the resolved size
        double sy = f.sy > 0 ? f.sy : f.sx;
        int mul = src.depth() == CV_8U ? 3 : 4;
        if (kw == 0) kw = cvRound(f.sx * mul * 2 + 1) | 1;
        if (kh == 0) kh = cvRound(sy * mul * 2 + 1) | 1;
    }
    int top = kh / 2, left = kw / 2;
    bool padded = f.border == VELA_BORDER_CONSTANT && f.value != 0.0f;
    if (padded) {
        cv::Mat p;
        cv::copyMakeBorder(src, p, top, kh - 1 - top, left, kw - 1 - left, cv::BORDER_CONSTANT, cv::Scalar::all(f.value));
        src = p;
    }
    cv::Mat out;
    switch (f.algo) {
    case VT_BOX: cv::blur(src, out, cv::Size(kw, kh), cv::Point(-1, -1), border); break;
    case VT_GAUSSIAN: cv::GaussianBlur(src, out, cv::Size(f.kw, f.kh), f.sx, f.sy, border); break;
    case VT_CONV2D:
        cv::filter2D(src, out, -1, cv::Mat(kh, kw, CV_32F, const_cast<float *>(f.k)), cv::Point(-1, -1), 0, border);
        break;
    case VT_SEPCONV:
        cv::sepFilter2D(src, out, -1, cv::Mat(1, kw, CV_32F, const_cast<float *>(f.kx)),
                        cv::Mat(kh, 1, CV_32F, const_cast<float *>(f.ky)), cv::Point(-1, -1), 0, border);
        break;
    }
    if (padded) out = out(cv::Rect(left, top, src_in.cols, src_in.rows)).clone();
    return out;
}

double sum_abs(const float *k, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += std::fabs(k[i]);
    return s;
}

// What the filter may differ by: 0 for the bit-exact 8-bit box and Gaussian, 1 for U8 and S16
// through float (rounding of a sum of rounded products), float rounding relative to the largest
// magnitude a sum can reach for F32 and F16 (plus half an F16 ulp of the result).
double tolerance(const vt_filter &f, vela_format fmt, float range, const cv::Mat &expected)
{
    vl_depth depth = vl_format_info_of(fmt)->depth;
    if (depth == VL_DEPTH_U8) return (f.algo == VT_BOX || f.algo == VT_GAUSSIAN) ? 0.0 : 1.0;
    if (depth == VL_DEPTH_S16) return 1.0;
    double gain = 1.0;
    if (f.algo == VT_CONV2D) gain = sum_abs(f.k, f.kw * f.kh);
    if (f.algo == VT_SEPCONV) gain = sum_abs(f.kx, f.kw) * sum_abs(f.ky, f.kh);
    double bound = gain * std::max<double>(range, std::fabs(f.value));
    double tol = 2e-6 * bound * (f.kw + f.kh + 2);
    if (depth == VL_DEPTH_F16) {
        double m;
        cv::minMaxLoc(cv::abs(expected), nullptr, &m);
        tol += m / 1024.0 + 1e-6;
    }
    return tol;
}

// Runs f on a w x h image of fmt through the reference and the CPU backend and checks both
// against OpenCV.
void check(const vt_filter &f, vela_format fmt, int w, int h)
{
    const float range = 100.0f;
    cv::Mat src_parent, ref_parent, out_parent;
    cv::Mat src = vt_make_mat(fmt, w, h, 3, &src_parent), ref = vt_make_mat(fmt, w, h, 0, &ref_parent);
    vela_image *is = vt_wrap_mat(src, fmt), *ir = vt_wrap_mat(ref, fmt);
    vela_image_data sd, rd;
    VT_OK(vela_image_lock(is, VELA_LOCK_READ_WRITE, VELA_BUFFER_HOST, &sd));
    vt_filter_fill(&sd, range);
    // OpenCV's filters read a ROI's neighbours in its parent Mat, where vela sees only the image:
    // OpenCV gets the image's own view. (BORDER_ISOLATED would do too, but it also shrinks
    // cv::blur's kernel on single rows and columns with a constant border.)
    cv::Mat view;
    VT_OK(vela_opencv_data_to_mat(&sd, &view));
    cv::Mat expected = opencv_filter(f, view);

    // The reference kernel, on the same memory.
    vt_plan plan;
    VT_OK(vt_plan_make(&f, fmt, w, h, &plan));
    VT_OK(vela_image_lock(ir, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &rd));
    VT_OK(vt_plan_ref(&plan, &sd, &rd, 0, h));
    VT_OK(vela_image_unlock(ir));
    VT_OK(vela_image_unlock(is));

    // The CPU backend through a stream.
    cv::Mat out = vt_make_mat(fmt, w, h, 1, &out_parent);
    vela_image *id = vt_wrap_mat(out, fmt);
    vela_stream *stream;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &stream));
    VT_OK(vt_filter_submit(stream, VELA_BACKEND_CPU, is, id, &f));
    VT_OK(vela_stream_sync(stream));

    double tol = tolerance(f, fmt, range, expected);
    double dref = vt_max_diff(expected, ref), dcpu = vt_max_diff(expected, out);
    ck_assert_msg(dref <= tol && dcpu <= tol,
                  "%s %s %dx%d k %dx%d sigma %g,%g border %d value %g: max |d| ref %g cpu %g > %g",
                  vt_algo_name(f.algo), vela_format_name(fmt), w, h, f.kw, f.kh, f.sx, f.sy, (int)f.border,
                  (double)f.value, dref, dcpu, tol);
    ck_assert_msg(vt_written_outside(ref_parent, ref) == 0 && vt_written_outside(out_parent, out) == 0,
                  "%s %s %dx%d k %dx%d border %d: bytes written outside the output", vt_algo_name(f.algo),
                  vela_format_name(fmt), w, h, f.kw, f.kh, (int)f.border);
    vela_image_destroy(is);
    vela_image_destroy(ir);
    vela_image_destroy(id);
    vela_stream_destroy(stream);
}

const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 3, 7 }, { 16, 9 }, { 33, 17 }, { 67, 41 } };
const vela_format colour8[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8 };

vt_filter make(vt_filter_algo algo, int kw, int kh, vela_border border, float value)
{
    vt_filter f;
    std::memset(&f, 0, sizeof f);
    f.algo = algo;
    f.kw = kw;
    f.kh = kh;
    f.border = border;
    f.value = value;
    return f;
}

}  // namespace

// OpenCV's binomial kernels (sigma 0, sizes 3 to 9), sigma-derived kernels, sizes from sigma,
// independent sigmas: bit-exact on every 8-bit format and border.
START_TEST(test_gaussian_8bit_bitexact_every_border)
{
    struct { int kw, kh; double sx, sy; } params[] = {
        { 3, 3, 0, 0 }, { 5, 5, 0, 0 }, { 7, 7, 0, 0 }, { 9, 9, 0, 0 }, { 11, 11, 0, 0 }, { 5, 5, 1.5, 0 },
        { 5, 3, 0.8, 2.0 }, { 0, 0, 1.2, 0 }, { 0, 0, 0.7, 2.3 }, { 31, 31, 0, 0 }, { 15, 1, 3.0, 0 }, { 1, 9, 0, 4.0 },
        { 3, 3, 0.3, 0 }, { 21, 17, 5.0, 2.5 },
    };
    vt_seed(11);
    for (auto &p : params)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : colour8)
                for (auto &s : sizes) {
                    vt_filter f = make(VT_GAUSSIAN, p.kw, p.kh, vt_borders[b], 0.0f);
                    f.sx = p.sx;
                    f.sy = p.sy;
                    check(f, fmt, s[0], s[1]);
                }
}
END_TEST

START_TEST(test_gaussian_s16_f16_f32_every_border)
{
    const vela_format formats[] = { VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
    struct { int kw, kh; double sx, sy; } params[] = { { 5, 5, 0, 0 }, { 3, 7, 1.1, 0 }, { 0, 0, 1.5, 0.6 }, { 31, 9, 0, 0 } };
    vt_seed(12);
    for (auto &p : params)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : formats)
                for (auto &s : sizes) {
                    vt_filter f = make(VT_GAUSSIAN, p.kw, p.kh, vt_borders[b], 0.0f);
                    f.sx = p.sx;
                    f.sy = p.sy;
                    check(f, fmt, s[0], s[1]);
                }
}
END_TEST

// Area 2 is left out: a sum of 510 divides to 256, which OpenCV's vector loop saturates to 255
// (as vela does) and its scalar tail wraps to 0 (test_filter.c checks vela's 255).
START_TEST(test_box_8bit_bitexact_every_border)
{
    const int ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 2, 3 }, { 4, 6 }, { 7, 3 }, { 16, 16 }, { 17, 15 }, { 31, 31 }, { 1, 31 } };
    vt_seed(13);
    for (auto &k : ks)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : colour8)
                for (auto &s : sizes) check(make(VT_BOX, k[0], k[1], vt_borders[b], 0.0f), fmt, s[0], s[1]);
}
END_TEST

START_TEST(test_box_s16_f16_f32_every_border)
{
    const vela_format formats[] = { VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
    const int ks[][2] = { { 3, 3 }, { 5, 5 }, { 4, 2 }, { 31, 7 } };
    vt_seed(14);
    for (auto &k : ks)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : formats)
                for (auto &s : sizes) check(make(VT_BOX, k[0], k[1], vt_borders[b], 0.0f), fmt, s[0], s[1]);
}
END_TEST

START_TEST(test_conv2d_every_format_border)
{
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
    const int ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 2, 4 }, { 7, 1 }, { 11, 11 }, { 15, 15 }, { 14, 9 } };
    vt_seed(15);
    for (auto &k : ks)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : formats)
                for (auto &s : sizes) {
                    vt_filter f = make(VT_CONV2D, k[0], k[1], vt_borders[b], 0.0f);
                    vt_random_weights(f.k, k[0] * k[1]);
                    check(f, fmt, s[0], s[1]);
                }
}
END_TEST

START_TEST(test_sepconv_every_format_border)
{
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
    const int ks[][2] = { { 1, 1 }, { 3, 3 }, { 5, 5 }, { 2, 6 }, { 9, 1 }, { 31, 31 }, { 13, 4 } };
    vt_seed(16);
    for (auto &k : ks)
        for (int b = 0; b < VT_NUM_BORDERS; b++)
            for (vela_format fmt : formats)
                for (auto &s : sizes) {
                    vt_filter f = make(VT_SEPCONV, k[0], k[1], vt_borders[b], 0.0f);
                    vt_random_weights(f.kx, k[0]);
                    vt_random_weights(f.ky, k[1]);
                    check(f, fmt, s[0], s[1]);
                }
}
END_TEST

// A constant border with a value other than 0 (OpenCV: padded with it, then cropped).
START_TEST(test_border_constant_value)
{
    vt_seed(17);
    const float values[] = { 77.0f, -3.25f, 300.0f };
    for (float v : values) {
        for (vela_format fmt : colour8) {
            check(make(VT_BOX, 5, 3, VELA_BORDER_CONSTANT, v), fmt, 33, 17);
            vt_filter g = make(VT_GAUSSIAN, 7, 5, VELA_BORDER_CONSTANT, v);
            g.sx = 1.3;
            check(g, fmt, 33, 17);
        }
        const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F16, VELA_FORMAT_F32 };
        for (vela_format fmt : formats) {
            vt_filter c = make(VT_CONV2D, 5, 5, VELA_BORDER_CONSTANT, v);
            vt_random_weights(c.k, 25);
            check(c, fmt, 16, 9);
            vt_filter s = make(VT_SEPCONV, 7, 3, VELA_BORDER_CONSTANT, v);
            vt_random_weights(s.kx, 7);
            vt_random_weights(s.ky, 3);
            check(s, fmt, 16, 9);
        }
    }
}
END_TEST

START_TEST(test_1921x1081)
{
    vt_seed(18);
    vt_filter g = make(VT_GAUSSIAN, 5, 5, VELA_BORDER_REFLECT_101, 0);
    check(g, VELA_FORMAT_U8, 1921, 1081);
    check(make(VT_BOX, 5, 5, VELA_BORDER_REPLICATE, 0), VELA_FORMAT_U8, 1921, 1081);
    vt_filter c = make(VT_CONV2D, 3, 3, VELA_BORDER_REFLECT, 0);
    vt_random_weights(c.k, 9);
    check(c, VELA_FORMAT_F32, 1921, 1081);
    vt_filter s = make(VT_SEPCONV, 5, 5, VELA_BORDER_CONSTANT, 0);
    vt_random_weights(s.kx, 5);
    vt_random_weights(s.ky, 5);
    check(s, VELA_FORMAT_U8, 1921, 1081);
}
END_TEST

int main()
{
    Suite *s = suite_create("filter_opencv");
    TCase *tc = tcase_create("filter_opencv");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_gaussian_8bit_bitexact_every_border);
    tcase_add_test(tc, test_gaussian_s16_f16_f32_every_border);
    tcase_add_test(tc, test_box_8bit_bitexact_every_border);
    tcase_add_test(tc, test_box_s16_f16_f32_every_border);
    tcase_add_test(tc, test_conv2d_every_format_border);
    tcase_add_test(tc, test_sepconv_every_format_border);
    tcase_add_test(tc, test_border_constant_value);
    tcase_add_test(tc, test_1921x1081);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
