// Parity with OpenCV 4.6's cv::warpPerspective, the golden oracle, on the CPU backend (NEON through
// SIMDe here) and the reference kernel: every format OpenCV has, interpolation and border,
// forward and inverse matrices. Then the graf1/graf3 pair from Debian's opencv-doc warped onto
// each other with their ground-truth homography.
// The images are cv::Mats wrapped through the OpenCV bridge (vela/opencv.h): OpenCV and vela read
// and write the very same memory. In the parity cases they are ROIs of larger poisoned Mats
// (padded steps, unaligned starts), so that reads and writes outside them show.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>

#include <vela/opencv.h>

#include "harness.h"
#include "opencv_harness.hpp"
#include "geometry_cases.h"

extern "C" {
#include "common/warp_perspective.h"
}

namespace {

const char *const kData = "/usr/share/doc/opencv-doc/examples/data/";

struct Diff {
    double max;
    double identical;  // fraction of equal elements
};

Diff compare(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat da, db;
    a.convertTo(da, CV_64F);
    b.convertTo(db, CV_64F);
    cv::Mat d = cv::abs(da - db);
    double mx;
    cv::minMaxLoc(d.reshape(1), nullptr, &mx);
    return { mx, 1.0 - (double)cv::countNonZero(d.reshape(1)) / (double)d.total() / d.channels() };
}

void fill(cv::Mat &m)
{
    if (m.depth() == CV_32F) cv::randu(m, -1000, 1000);
    else if (m.depth() == CV_16S) cv::randu(m, -32768, 32767);
    else cv::randu(m, 0, 256);
    cv::GaussianBlur(m, m, cv::Size(3, 3), 0);  // some structure, as images have
}

// vela on `backend` (or the reference kernel when ref) against OpenCV for one case; returns the
// difference.
Diff run_case(vela_stream *s, vela_format f, int sw, int sh, int dw, int dh, const vela_matrix3 &m, bool inverse,
              vela_interp interp, vela_border border, bool ref)
{
    cv::Mat src_parent, out_parent;
    cv::Mat cs = vt_make_mat(f, sw, sh, 2, &src_parent), co = vt_make_mat(f, dw, dh, 1, &out_parent), expect(dh, dw, cs.type());
    fill(cs);
    fill(expect);  // TRANSPARENT keeps what was there
    expect.copyTo(co);
    int cv_interp, cv_border;
    VT_OK(vela_opencv_interp_to_cv(interp, &cv_interp));
    VT_OK(vela_opencv_border_to_cv(border, &cv_border));
    const double bv[4] = { 37.4, 120, 3, 250 };
    cv::warpPerspective(cs, expect, cv::Mat(3, 3, CV_64F, const_cast<double *>(m.m[0])), cv::Size(dw, dh),
                        cv_interp | (inverse ? cv::WARP_INVERSE_MAP : 0), cv_border, cv::Scalar(bv[0], bv[1], bv[2], bv[3]));
    vela_warp_perspective_params p;
    vela_warp_perspective_params_default(&p);
    p.flags = inverse ? VELA_WARP_INVERSE : 0;
    for (int k = 0; k < 4; k++) p.border_value[k] = bv[k];
    vela_image *is = vt_wrap_mat(cs, f), *id = vt_wrap_mat(co, f);
    if (ref) {
        vl_warp_plan plan;
        VT_OK(vl_warp_plan_make(f, sw, sh, dw, dh, &m, interp, border, &p, &plan));
        vela_image_data sd, dd;
        VT_OK(vela_image_lock(is, VELA_LOCK_READ, VELA_BUFFER_HOST, &sd));
        VT_OK(vela_image_lock(id, VELA_LOCK_READ_WRITE, VELA_BUFFER_HOST, &dd));
        VT_OK(vl_warp_perspective_ref(&plan, &sd, &dd, 0, dh));
        VT_OK(vela_image_unlock(id));
        VT_OK(vela_image_unlock(is));
    } else {
        VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, is, id, &m, interp, border, &p));
        VT_OK(vela_stream_sync(s));
    }
    vela_image_destroy(is);
    vela_image_destroy(id);
    ck_assert_msg(vt_written_outside(out_parent, co) == 0, "%s %s: bytes written outside the output",
                  ref ? "reference" : "CPU backend", vela_format_name(f));
    return compare(co, expect);
}

const vela_format kFormats[] = { VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F32, VELA_FORMAT_BGR8, VELA_FORMAT_RGBA8 };

}  // namespace

// REFERENCE.md: U8 nearest >= 99.9 % identical, linear max |d| <= 1 (the 1/32 quantisation is
// reproduced), cubic max <= 2. vela reproduces OpenCV's arithmetic, so it is held to exactness
// wherever OpenCV's own float order is followed.
START_TEST(test_opencv_parity_all_formats_interps_borders)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    cv::setRNGSeed(7);
    int cases = 0;
    for (int ref = 0; ref < 2; ref++)
        for (const vela_format f : kFormats)
            for (int m = 0; m < VT_NUM_MATRICES; m++)
                for (int inv = 0; inv < 2; inv++)
                    for (int i = 0; i < 3; i++)
                        for (int b = 0; b < 5; b++) {
                            const int sw = 97, sh = 61, dw = 101, dh = 67;
                            vela_matrix3 mat = vt_matrix(m, sw, sh, dw, dh);
                            Diff d = run_case(s, f, sw, sh, dw, dh, mat, inv, vt_interps[i], vt_borders[b], ref);
                            double tol = f == VELA_FORMAT_F32 ? 1e-3 : 0;
                            ck_assert_msg(d.max <= tol, "%s %s matrix %d %s %s %s: max |d| %g vs OpenCV (%.4f%% identical)",
                                          ref ? "reference" : "CPU backend", vela_format_name(f), m, inv ? "inverse" : "forward",
                                          vt_interp_names[i], vt_border_names[b], d.max, 100 * d.identical);
                            cases++;
                        }
    ck_assert_int_eq(cases, 2 * 5 * VT_NUM_MATRICES * 2 * 3 * 5);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_opencv_parity_640x480_u8_rgba8)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGBA8 };
    for (const vela_format f : formats)
        for (int i = 0; i < 3; i++) {
            vela_matrix3 mat = vt_matrix(0, 640, 480, 640, 480);
            Diff d = run_case(s, f, 640, 480, 640, 480, mat, true, vt_interps[i], VELA_BORDER_CONSTANT, false);
            ck_assert_msg(d.max == 0, "%s %s: max |d| %g", vela_format_name(f), vt_interp_names[i], d.max);
        }
    vela_stream_destroy(s);
}
END_TEST

namespace {

double ncc(const cv::Mat &a, const cv::Mat &b, const cv::Mat &mask)
{
    cv::Scalar ma, sa, mb, sb;
    cv::meanStdDev(a, ma, sa, mask);
    cv::meanStdDev(b, mb, sb, mask);
    cv::Mat fa, fb;
    a.convertTo(fa, CV_64F, 1, -ma[0]);
    b.convertTo(fb, CV_64F, 1, -mb[0]);
    cv::Mat prod = fa.mul(fb);
    return cv::mean(prod, mask)[0] / (sa[0] * sb[0]);
}

cv::Mat gray(const cv::Mat &bgr)
{
    cv::Mat g;
    cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
    return g;
}

// Warps a BGR image with vela (BGR8 on the CPU backend) into a w x h image.
cv::Mat vela_warp(vela_stream *s, const cv::Mat &src, const vela_matrix3 &m, uint32_t flags, int w, int h)
{
    cv::Mat out(h, w, CV_8UC3);
    vela_image *is = vt_wrap_mat(src, VELA_FORMAT_BGR8), *id = vt_wrap_mat(out, VELA_FORMAT_BGR8);
    vela_warp_perspective_params p;
    vela_warp_perspective_params_default(&p);
    p.flags = flags;
    VT_OK(vela_submit_warp_perspective(s, VELA_BACKEND_CPU, is, id, &m, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, &p));
    VT_OK(vela_stream_sync(s));
    vela_image_destroy(is);
    vela_image_destroy(id);
    return out;
}

}  // namespace

// graf1 -> graf3 with H1to3p, and graf3 -> graf1 with its inverse: over the part both images
// see, the warped image matches the other one far better than the unwarped one does; and vela's
// warp equals OpenCV's.
START_TEST(test_real_images_graf_homography)
{
    std::string dir = kData;
    cv::Mat g1 = cv::imread(dir + "graf1.png"), g3 = cv::imread(dir + "graf3.png");
    cv::FileStorage fs(dir + "H1to3p.xml", cv::FileStorage::READ);
    ck_assert_msg(!g1.empty() && !g3.empty() && fs.isOpened(),
                  "graf1.png, graf3.png or H1to3p.xml missing from %s: install opencv-doc (scripts/setup.sh)", kData);
    cv::Mat H;
    fs["H13"] >> H;
    ck_assert_int_eq(H.rows, 3);
    vela_matrix3 m;
    VT_OK(vela_opencv_matrix3(&H, &m));
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    for (int dir13 = 0; dir13 < 2; dir13++) {
        // 1 -> 3: H maps graf1's pixels to graf3's (forward); 3 -> 1: the same H read as
        // destination -> source.
        const cv::Mat &from = dir13 == 0 ? g1 : g3, &to = dir13 == 0 ? g3 : g1;
        uint32_t flags = dir13 == 0 ? 0 : VELA_WARP_INVERSE;
        cv::Mat warped = vela_warp(s, from, m, flags, to.cols, to.rows);
        cv::Mat white(from.size(), CV_8UC3, cv::Scalar::all(255));
        cv::Mat mask = gray(vela_warp(s, white, m, flags, to.cols, to.rows)) == 255;
        cv::erode(mask, mask, cv::Mat(), cv::Point(-1, -1), 2);
        double after = ncc(gray(warped), gray(to), mask), before = ncc(gray(from), gray(to), mask);
        std::printf("graf %s: NCC over the overlap %.3f warped, %.3f unwarped (%d pixels)\n", dir13 ? "3->1" : "1->3", after,
                    before, cv::countNonZero(mask));
        ck_assert_msg(after > 0.6 && after > before + 0.3, "graf %d: NCC %.3f warped vs %.3f unwarped", dir13, after, before);
        cv::Mat expect;
        cv::warpPerspective(from, expect, H, to.size(), cv::INTER_LINEAR | (flags ? cv::WARP_INVERSE_MAP : 0),
                            cv::BORDER_CONSTANT, cv::Scalar());
        Diff d = compare(warped, expect);
        ck_assert_msg(d.max == 0, "graf %d: vela and cv::warpPerspective differ by %g", dir13, d.max);
    }
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warp_perspective_opencv");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_opencv_parity_all_formats_interps_borders);
    tcase_add_test(tc, test_opencv_parity_640x480_u8_rgba8);
    tcase_add_test(tc, test_real_images_graf_homography);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
