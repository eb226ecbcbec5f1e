// Parity with OpenCV 4.6's cv::resize, the golden oracle: every interpolation, up and down, odd
// and mixed ratios, every format. U8 and S16 NEAREST, LINEAR and AREA are bit-exact, CUBIC within 1
// (OpenCV's vector path rounds its vertical pass in float); F32 within a few ulps where OpenCV's
// vector paths sum in another order. Both the reference kernel and the CPU backend
// (NEON) are checked.
// The images are cv::Mats wrapped through the OpenCV bridge (vela/opencv.h): OpenCV and vela read
// and write the very same memory. They are ROIs of larger poisoned Mats (padded steps, unaligned
// starts), so that reads and writes outside them show.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstring>

#include <vela/opencv.h>

#include "harness.h"
#include "opencv_harness.hpp"

extern "C" {
#include "common/rescale.h"
}

namespace {

const char *interp_name(vela_interp i)
{
    static const char *names[] = { "NEAREST", "LINEAR", "CUBIC", "AREA" };
    return names[i];
}

double tolerance(vela_format f, vela_interp i)
{
    if (f == VELA_FORMAT_F32) return 1e-5;
    return i == VELA_INTERP_CUBIC ? 1 : 0;
}

const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_S16, VELA_FORMAT_F32 };
const vela_interp interps[] = { VELA_INTERP_NEAREST, VELA_INTERP_LINEAR, VELA_INTERP_CUBIC, VELA_INTERP_AREA };

// Source and destination sizes: halves and quarters (exact and odd), doubling, odd ratios both
// ways, one axis only, mixed (one axis up, the other down), non-integer area, integer area blocks
// that are not 2x2, single rows and columns, 1x1 both ways.
const int sizes[][4] = {
    { 64, 48, 32, 24 },   { 66, 50, 16, 12 },   { 64, 48, 128, 96 },  { 33, 17, 11, 5 },
    { 100, 50, 37, 23 },  { 50, 30, 120, 71 },  { 64, 48, 32, 48 },   { 31, 17, 62, 9 },
    { 20, 20, 7, 7 },     { 27, 27, 9, 9 },     { 32, 16, 8, 8 },     { 7, 3, 13, 5 },
    { 7, 3, 3, 2 },       { 1, 1, 3, 2 },       { 5, 4, 1, 1 },       { 1, 9, 1, 4 },
    { 9, 1, 4, 1 },       { 1, 1, 1, 1 },       { 17, 13, 17, 13 },   { 3, 5, 200, 7 },
    { 150, 90, 40, 3 },   { 640, 480, 213, 160 },
};

void check_case(vela_stream *s, vela_format f, vela_interp interp, int sw, int sh, int dw, int dh, bool backend)
{
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    p.interp = interp;
    vl_rescale_plan plan;
    VT_OK(vl_rescale_plan_make(f, sw, sh, dw, dh, &p, &plan));
    cv::Mat src_parent, out_parent;
    cv::Mat src = vt_make_mat(f, sw, sh, 3, &src_parent), out = vt_make_mat(f, dw, dh, 1, &out_parent);
    vt_fill_mat(src);
    int cv_interp;
    VT_OK(vela_opencv_interp_to_cv(interp, &cv_interp));
    cv::Mat expected;
    cv::resize(src, expected, cv::Size(dw, dh), 0, 0, cv_interp);
    vela_image *is = vt_wrap_mat(src, f), *id = vt_wrap_mat(out, f);
    if (backend) {
        VT_OK(vela_submit_rescale(s, VELA_BACKEND_CPU, is, id, &p));
        VT_OK(vela_stream_sync(s));
    } else {
        vela_image_data sd, dd;
        VT_OK(vela_image_lock(is, VELA_LOCK_READ, VELA_BUFFER_HOST, &sd));
        VT_OK(vela_image_lock(id, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &dd));
        VT_OK(vl_rescale_ref(&plan, &sd, &dd, 0, dh));
        VT_OK(vela_image_unlock(id));
        VT_OK(vela_image_unlock(is));
    }
    double w = vt_max_rel_diff(expected, out);
    ck_assert_msg(w <= tolerance(f, interp), "%s %s %dx%d -> %dx%d (%s): max |d| %g vs OpenCV",
                  vela_format_name(f), interp_name(interp), sw, sh, dw, dh, backend ? "CPU backend" : "reference", w);
    ck_assert_msg(vt_written_outside(out_parent, out) == 0, "%s %s %dx%d -> %dx%d (%s): bytes written outside the output",
                  vela_format_name(f), interp_name(interp), sw, sh, dw, dh, backend ? "CPU backend" : "reference");
    vela_image_destroy(is);
    vela_image_destroy(id);
}

}  // namespace

START_TEST(test_ref_vs_opencv_every_interp_ratio_format)
{
    vt_seed(2024);
    for (vela_format f : formats)
        for (vela_interp i : interps)
            for (const auto &z : sizes) check_case(nullptr, f, i, z[0], z[1], z[2], z[3], false);
}
END_TEST

START_TEST(test_cpu_backend_vs_opencv_every_interp_ratio_format)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(77);
    for (vela_format f : formats)
        for (vela_interp i : interps)
            for (const auto &z : sizes) check_case(s, f, i, z[0], z[1], z[2], z[3], true);
    vela_stream_destroy(s);
}
END_TEST

// 1921x1081 to 640x360 and back up: odd sizes at full scale, and bands over threads.
START_TEST(test_cpu_backend_vs_opencv_1921x1081)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(5);
    for (vela_interp i : interps) {
        check_case(s, VELA_FORMAT_U8, i, 1921, 1081, 640, 360, true);
        check_case(s, VELA_FORMAT_RGBA8, i, 640, 360, 1921, 1081, true);
    }
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rescale_opencv");
    TCase *tc = tcase_create("rescale_opencv");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_ref_vs_opencv_every_interp_ratio_format);
    tcase_add_test(tc, test_cpu_backend_vs_opencv_every_interp_ratio_format);
    tcase_add_test(tc, test_cpu_backend_vs_opencv_1921x1081);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
