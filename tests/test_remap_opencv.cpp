// Parity with OpenCV 4.6, the golden oracle: vela's lens maps against cv::initUndistortRectifyMap
// and cv::fisheye::initUndistortRectifyMap, and vela's remap (CPU backend and reference) against
// cv::remap with the same float map, for every format OpenCV has, interpolation and border. Then a
// real camera: Debian opencv-doc's left01.jpg and its calibration, undistorted; the chessboard's
// corner rows come out straighter.
// The images are cv::Mats wrapped through the OpenCV bridge (vela/opencv.h): OpenCV and vela read
// and write the very same memory. In the parity cases they are ROIs of larger poisoned Mats
// (padded steps, unaligned starts), so that reads and writes outside them show. Camera matrices
// and distortion coefficients reach vela in OpenCV's form, through the bridge too.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <vela/opencv.h>

#include "harness.h"
#include "opencv_harness.hpp"
#include "geometry_cases.h"

extern "C" {
#include "common/remap.h"
}

namespace {

const char *const kData = "/usr/share/doc/opencv-doc/examples/data/";

// A CV_32FC2 map wrapped as a dense vela map (no copy).
vela_warp_map wrap_map(cv::Mat &map)
{
    vela_warp_grid g;
    vela_warp_grid_dense(&g, map.cols, map.rows);
    vela_warp_map m;
    VT_OK(vela_warp_map_wrap(&m, &g, map.ptr<float>(), (int32_t)map.step));
    return m;
}

// Largest distance between a vela map and an OpenCV CV_32FC2 map, over OpenCV's finite points;
// `nan_where_inf` counts OpenCV's infinite points that vela does not have as NaN.
double map_diff(const vela_warp_map &m, const cv::Mat &cvmap, int *nan_mismatch)
{
    double worst = 0;
    *nan_mismatch = 0;
    for (int y = 0; y < cvmap.rows; y++)
        for (int x = 0; x < cvmap.cols; x++) {
            const cv::Vec2f e = cvmap.at<cv::Vec2f>(y, x);
            const float *p = (const float *)((const char *)m.points + (size_t)y * m.pitch) + 2 * x;
            if (!std::isfinite(e[0]) || !std::isfinite(e[1])) {
                *nan_mismatch += !(std::isnan(p[0]) && std::isnan(p[1]));
                continue;
            }
            worst = std::max(worst, (double)std::max(std::fabs(p[0] - e[0]), std::fabs(p[1] - e[1])));
        }
    return worst;
}

}  // namespace

// Polynomial maps within 1e-3 px of cv::initUndistortRectifyMap (REFERENCE.md), with and without
// rectification and a new camera.
START_TEST(test_polynomial_map_vs_init_undistort_rectify_map)
{
    const cv::Size size(320, 240);
    const cv::Mat K = (cv::Mat_<double>(3, 3) << 260, 0, 161.3, 0, 262, 118.7, 0, 0, 1);
    const cv::Mat NK = (cv::Mat_<double>(3, 3) << 230, 0, 158, 0, 231, 121, 0, 0, 1);
    const cv::Mat D = (cv::Mat_<double>(1, 8) << -0.29, 0.11, 1.2e-3, -8e-4, -0.02, 0.01, -0.004, 0.002);
    cv::Mat R;
    cv::Rodrigues(cv::Vec3d(0.02, -0.03, 0.01), R);
    vela_matrix3 k, nk, r;
    vela_lens_polynomial lens;
    VT_OK(vela_opencv_camera(&K, &D, &k, &lens));
    VT_OK(vela_opencv_matrix3(&NK, &nk));
    VT_OK(vela_opencv_matrix3(&R, &r));
    vela_warp_grid g;
    vela_warp_grid_dense(&g, size.width, size.height);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    for (int variant = 0; variant < 2; variant++) {
        cv::Mat map1, map2;
        // Variant 0: no rotation (an empty R) and K as the new camera, which vela takes as NULL.
        cv::initUndistortRectifyMap(K, D, variant ? R : cv::Mat(), variant ? NK : K, size, CV_32FC2, map1, map2);
        VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, variant ? &r : NULL, variant ? &nk : NULL));
        int bad;
        double worst = map_diff(m, map1, &bad);
        std::printf("polynomial map variant %d: max %.2e px from OpenCV's\n", variant, worst);
        ck_assert_msg(worst <= 1e-3 && bad == 0, "variant %d: %g px from OpenCV's map", variant, worst);
    }
    vela_warp_map_free(&m);
}
END_TEST

// Equidistant fisheye maps within 1e-3 px of cv::fisheye::initUndistortRectifyMap; the points
// OpenCV sends to infinity (behind the camera) are NaN in vela's.
START_TEST(test_fisheye_map_vs_fisheye_init_undistort_rectify_map)
{
    const cv::Size size(320, 240);
    const cv::Mat K = (cv::Mat_<double>(3, 3) << 110, 0, 160.5, 0, 111, 119.5, 0, 0, 1);
    const cv::Mat P = (cv::Mat_<double>(3, 3) << 80, 0, 150, 0, 80, 125, 0, 0, 1);
    const cv::Mat D = (cv::Mat_<double>(4, 1) << 0.03, -0.012, 0.004, -0.0008);
    vela_matrix3 k, p;
    vela_lens_fisheye lens;
    VT_OK(vela_opencv_camera_fisheye(&K, &D, &k, &lens));
    VT_OK(vela_opencv_matrix3(&P, &p));
    vela_warp_grid g;
    vela_warp_grid_dense(&g, size.width, size.height);
    vela_warp_map m;
    VT_OK(vela_warp_map_alloc(&m, &g));
    for (int variant = 0; variant < 2; variant++) {
        cv::Mat R;
        cv::Rodrigues(cv::Vec3d(0.1, variant ? 1.4 : -0.05, 0.02), R);  // 1.4 rad: part of the view is behind
        cv::Mat mx, my, map1;
        cv::fisheye::initUndistortRectifyMap(K, D, R, P, size, CV_32F, mx, my);  // (CV_32FC2 is refused)
        cv::merge(std::vector<cv::Mat>{ mx, my }, map1);
        vela_matrix3 r;
        VT_OK(vela_opencv_matrix3(&R, &r));
        VT_OK(vela_warp_map_from_fisheye(&m, &k, &lens, &r, &p));
        int bad;
        double worst = map_diff(m, map1, &bad);
        int infinite = 0;
        for (int y = 0; y < size.height; y++)
            for (int x = 0; x < size.width; x++) infinite += !std::isfinite(map1.at<cv::Vec2f>(y, x)[0]);
        std::printf("fisheye map variant %d: max %.2e px from OpenCV's, %d points behind the camera\n", variant, worst, infinite);
        ck_assert_msg(worst <= 1e-3 && bad == 0, "variant %d: %g px from OpenCV's map, %d mismatched infinities", variant,
                      worst, bad);
        if (variant) ck_assert_int_gt(infinite, 0);
    }
    vela_warp_map_free(&m);
}
END_TEST

// cv::remap with a float map against vela's remap of the same map (wrapped): an undistortion map
// and a rough map reaching past the source; every format, interpolation and border.
START_TEST(test_remap_parity_all_formats_interps_borders)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    cv::setRNGSeed(3);
    const int sw = 83, sh = 67, dw = 91, dh = 59;
    const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_F32, VELA_FORMAT_BGR8, VELA_FORMAT_RGBA8 };
    for (int rough = 0; rough < 2; rough++) {
        cv::Mat map(dh, dw, CV_32FC2), unused;
        if (!rough) {
            const cv::Matx33d K(70, 0, 41, 0, 70, 33, 0, 0, 1);
            cv::initUndistortRectifyMap(K, cv::Vec4d(-0.3, 0.09, 1e-3, 2e-3), cv::Matx33d::eye(),
                                        cv::Matx33d(60, 0, 45, 0, 60, 29, 0, 0, 1), cv::Size(dw, dh), CV_32FC2, map, unused);
        } else {
            cv::randu(map, cv::Scalar(-6, -6), cv::Scalar(sw + 6, sh + 6));
            map.at<cv::Vec2f>(3, 4) = cv::Vec2f(NAN, 5);  // OpenCV (x86) and vela read it far outside
            map.at<cv::Vec2f>(5, 6) = cv::Vec2f(-40000, 2.5f);
            map.at<cv::Vec2f>(7, 8) = cv::Vec2f(0.5f + 1.f / 64, 10.5f);  // ties on the 1/32 grid and for NEAREST
        }
        vela_warp_map vm = wrap_map(map);
        vela_payload *pl;
        VT_OK(vela_create_remap(VELA_BACKEND_CPU, &vm, &pl));
        for (const vela_format f : formats)
            for (int i = 0; i < 3; i++)
                for (int b = 0; b < 5; b++)
                    for (int ref = 0; ref < 2; ref++) {
                        cv::Mat src_parent, out_parent;
                        cv::Mat cs = vt_make_mat(f, sw, sh, 2, &src_parent), co = vt_make_mat(f, dw, dh, 1, &out_parent),
                                expect(dh, dw, cs.type());
                        if (f == VELA_FORMAT_F32) cv::randu(cs, -1000, 1000);
                        else if (f == VELA_FORMAT_S16) cv::randu(cs, -32768, 32767);
                        else cv::randu(cs, 0, 256);
                        cv::randu(expect, 0, 100);
                        expect.copyTo(co);
                        int cv_interp, cv_border;
                        VT_OK(vela_opencv_interp_to_cv(vt_interps[i], &cv_interp));
                        VT_OK(vela_opencv_border_to_cv(vt_borders[b], &cv_border));
                        const double bv[4] = { 37.4, 120, 3, 250 };
                        cv::remap(cs, expect, map, cv::noArray(), cv_interp, cv_border, cv::Scalar(bv[0], bv[1], bv[2], bv[3]));
                        vela_remap_params p;
                        vela_remap_params_default(&p);
                        for (int k = 0; k < 4; k++) p.border_value[k] = bv[k];
                        vela_image *is = vt_wrap_mat(cs, f), *id = vt_wrap_mat(co, f);
                        if (ref) {
                            vl_remap_job job;
                            job.payload = (const vl_remap_payload *)pl;
                            job.num_planes = 1;
                            VT_OK(vl_sampler_make(f, 0, sw, sh, vt_interps[i], vt_borders[b], p.border_value, &job.sampler[0]));
                            vela_image_data sd, dd;
                            VT_OK(vela_image_lock(is, VELA_LOCK_READ, VELA_BUFFER_HOST, &sd));
                            VT_OK(vela_image_lock(id, VELA_LOCK_READ_WRITE, VELA_BUFFER_HOST, &dd));
                            VT_OK(vl_remap_ref(&job, &sd, &dd, 0, dh));
                            VT_OK(vela_image_unlock(id));
                            VT_OK(vela_image_unlock(is));
                        } else {
                            VT_OK(vela_submit_remap(s, VELA_BACKEND_CPU, pl, is, id, vt_interps[i], vt_borders[b], &p));
                            VT_OK(vela_stream_sync(s));
                        }
                        vela_image_destroy(is);
                        vela_image_destroy(id);
                        double d = vt_max_diff(co, expect), tol = f == VELA_FORMAT_F32 ? 1e-3 : 0;
                        ck_assert_msg(d <= tol, "%s map, %s %s %s %s: max |d| %g vs cv::remap", rough ? "rough" : "undistortion",
                                      ref ? "reference" : "CPU backend", vela_format_name(f), vt_interp_names[i],
                                      vt_border_names[b], d);
                        ck_assert_msg(vt_written_outside(out_parent, co) == 0, "%s map, %s %s %s %s: bytes written outside the output",
                                      rough ? "rough" : "undistortion", ref ? "reference" : "CPU backend", vela_format_name(f),
                                      vt_interp_names[i], vt_border_names[b]);
                    }
        vela_payload_destroy(pl);
    }
    vela_stream_destroy(s);
}
END_TEST

namespace {

// The mean over the chessboard's rows of corners of the RMS distance of a row's corners from
// their least-squares line.
double row_straightness(const std::vector<cv::Point2f> &corners, cv::Size pattern)
{
    double total = 0;
    for (int r = 0; r < pattern.height; r++) {
        std::vector<cv::Point2f> row(corners.begin() + r * pattern.width, corners.begin() + (r + 1) * pattern.width);
        cv::Vec4f line;
        cv::fitLine(row, line, cv::DIST_L2, 0, 0.01, 0.01);
        double ss = 0;
        for (const cv::Point2f &p : row) {
            double d = (p.x - line[2]) * line[1] - (p.y - line[3]) * line[0];
            ss += d * d;
        }
        total += std::sqrt(ss / row.size());
    }
    return total / pattern.height;
}

bool corners_of(const cv::Mat &gray, cv::Size pattern, std::vector<cv::Point2f> &corners)
{
    if (!cv::findChessboardCorners(gray, pattern, corners)) return false;
    cv::cornerSubPix(gray, corners, cv::Size(5, 5), cv::Size(-1, -1),
                     cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 40, 0.01));
    return true;
}

}  // namespace

// left01.jpg through its own calibration (left_intrinsics.yml): the undistorted chessboard's
// corner rows are straighter; vela's dense and sparse maps both do it, and the dense result
// equals cv::undistort's pipeline (initUndistortRectifyMap + remap).
START_TEST(test_real_image_left01_undistorted_rows_straighter)
{
    const std::string dir = kData;
    cv::Mat img = cv::imread(dir + "left01.jpg", cv::IMREAD_GRAYSCALE);
    cv::FileStorage fs(dir + "left_intrinsics.yml", cv::FileStorage::READ);
    ck_assert_msg(!img.empty() && fs.isOpened(), "left01.jpg or left_intrinsics.yml missing from %s: install opencv-doc "
                  "(scripts/setup.sh)", kData);
    cv::Mat K, D;
    fs["camera_matrix"] >> K;
    fs["distortion_coefficients"] >> D;
    ck_assert(K.rows == 3 && D.total() == 5);
    const cv::Size pattern(9, 6);
    std::vector<cv::Point2f> before, after;
    ck_assert_msg(corners_of(img, pattern, before), "no chessboard found in left01.jpg");
    vela_matrix3 k;
    vela_lens_polynomial lens;
    VT_OK(vela_opencv_camera(&K, &D, &k, &lens));
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    vela_image *is = vt_wrap_mat(img, VELA_FORMAT_U8);
    double straight_before = row_straightness(before, pattern);
    cv::Mat dense_out;
    for (int spacing = 1; spacing <= 16; spacing *= 16) {
        vela_warp_grid g;
        VT_OK(vela_warp_grid_uniform(&g, img.cols, img.rows, spacing));
        vela_warp_map m;
        VT_OK(vela_warp_map_alloc(&m, &g));
        VT_OK(vela_warp_map_from_polynomial(&m, &k, &lens, NULL, NULL));
        vela_payload *pl;
        VT_OK(vela_create_remap(VELA_BACKEND_CPU, &m, &pl));
        cv::Mat out(img.size(), CV_8UC1, cv::Scalar(VT_POISON));
        vela_image *id = vt_wrap_mat(out, VELA_FORMAT_U8);
        VT_OK(vela_submit_remap(s, VELA_BACKEND_CPU, pl, is, id, VELA_INTERP_LINEAR, VELA_BORDER_CONSTANT, NULL));
        VT_OK(vela_stream_sync(s));
        ck_assert_msg(corners_of(out, pattern, after), "no chessboard found after undistortion (spacing %d)", spacing);
        double straight_after = row_straightness(after, pattern);
        std::printf("left01: corner rows %.3f px from straight before, %.3f after (map spacing %d)\n", straight_before,
                    straight_after, spacing);
        ck_assert_msg(straight_after < 0.5 * straight_before && straight_after < 0.25,
                      "spacing %d: rows %.3f px from straight after, %.3f before", spacing, straight_after, straight_before);
        if (spacing == 1) dense_out = out.clone();
        vela_image_destroy(id);
        vela_payload_destroy(pl);
        vela_warp_map_free(&m);
    }
    cv::Mat m1, m2, expect;
    cv::initUndistortRectifyMap(K, D, cv::Mat(), K, img.size(), CV_32FC2, m1, m2);
    cv::remap(img, expect, m1, m2, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    double diff = vt_max_diff(dense_out, expect);
    ck_assert_msg(diff <= 1, "vela's undistortion differs from OpenCV's by %g", diff);
    vela_image_destroy(is);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("remap_opencv");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_polynomial_map_vs_init_undistort_rectify_map);
    tcase_add_test(tc, test_fisheye_map_vs_fisheye_init_undistort_rectify_map);
    tcase_add_test(tc, test_remap_parity_all_formats_interps_borders);
    tcase_add_test(tc, test_real_image_left01_undistorted_rows_straighter);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
