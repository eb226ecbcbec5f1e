// Parity with OpenCV 4.6's cv::pyrDown: bit-exact for U8, S16 and the colour formats with every
// border it takes, odd sizes included; F32 within a few ulps (OpenCV's vector paths sum in another
// order than its scalar code, which vela follows). Reference kernel and CPU backend (NEON) both.
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
#include "common/pyramid.h"
}

namespace {

const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_S16, VELA_FORMAT_F32 };
const struct { vela_border vela; const char *name; } borders[] = {
    { VELA_BORDER_REFLECT_101, "REFLECT_101" },
    { VELA_BORDER_REFLECT, "REFLECT" },
    { VELA_BORDER_REPLICATE, "REPLICATE" },
};
const int sizes[][2] = { { 1, 1 }, { 2, 3 }, { 3, 2 }, { 7, 3 }, { 8, 8 }, { 33, 17 }, { 64, 48 }, { 101, 37 }, { 640, 480 } };

void check(vela_stream *s, vela_format f, int b, int w, int h)
{
    const int dw = (w + 1) / 2, dh = (h + 1) / 2;
    vela_pyr_down_params p = { borders[b].vela };
    cv::Mat src_parent, out_parent;
    cv::Mat src = vt_make_mat(f, w, h, 2, &src_parent), out = vt_make_mat(f, dw, dh, 1, &out_parent);
    vt_fill_mat(src);
    int cv_border;
    VT_OK(vela_opencv_border_to_cv(borders[b].vela, &cv_border));
    cv::Mat expected;
    cv::pyrDown(src, expected, cv::Size(dw, dh), cv_border);
    vela_image *is = vt_wrap_mat(src, f), *id = vt_wrap_mat(out, f);
    if (s) {
        VT_OK(vela_submit_pyr_down(s, VELA_BACKEND_CPU, is, id, &p));
        VT_OK(vela_stream_sync(s));
    } else {
        vl_pyr_plan plan;
        VT_OK(vl_pyr_plan_make(f, w, h, dw, dh, &p, &plan));
        vela_image_data sd, dd;
        VT_OK(vela_image_lock(is, VELA_LOCK_READ, VELA_BUFFER_HOST, &sd));
        VT_OK(vela_image_lock(id, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &dd));
        VT_OK(vl_pyr_down_ref(&plan, &sd, &dd, 0, dh));
        VT_OK(vela_image_unlock(id));
        VT_OK(vela_image_unlock(is));
    }
    const double tol = f == VELA_FORMAT_F32 ? 1e-6 : 0;
    const double d = vt_max_rel_diff(expected, out);
    ck_assert_msg(d <= tol, "%s %s %dx%d (%s): max |d| %g vs cv::pyrDown", vela_format_name(f), borders[b].name, w, h,
                  s ? "CPU backend" : "reference", d);
    ck_assert_msg(vt_written_outside(out_parent, out) == 0, "%s %s %dx%d (%s): bytes written outside the output",
                  vela_format_name(f), borders[b].name, w, h, s ? "CPU backend" : "reference");
    vela_image_destroy(is);
    vela_image_destroy(id);
}

}  // namespace

START_TEST(test_ref_vs_opencv_every_format_border_any_size)
{
    vt_seed(11);
    for (vela_format f : formats)
        for (int b = 0; b < 3; b++)
            for (const auto &z : sizes) check(nullptr, f, b, z[0], z[1]);
}
END_TEST

START_TEST(test_cpu_backend_vs_opencv_every_format_border_any_size)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vt_seed(12);
    for (vela_format f : formats)
        for (int b = 0; b < 3; b++)
            for (const auto &z : sizes) check(s, f, b, z[0], z[1]);
    check(s, VELA_FORMAT_U8, 0, 1921, 1081);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pyramid_opencv");
    TCase *tc = tcase_create("pyramid_opencv");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_ref_vs_opencv_every_format_border_any_size);
    tcase_add_test(tc, test_cpu_backend_vs_opencv_every_format_border_any_size);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
