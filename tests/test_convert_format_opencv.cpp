// Parity with OpenCV 4.6's cv::cvtColor and Mat::convertTo, the golden oracle: bit-exact for the
// colour conversions OpenCV has (BT.601 limited range), exact for unscaled bit depths, within 1
// for scaled ones. Both the reference kernel and the CPU backend (NEON) are checked.
// The images are cv::Mats wrapped through the OpenCV bridge (vela/opencv.h), as every family's
// parity test does: OpenCV and vela read and write the very same memory. Sources and outputs are
// ROIs of larger Mats (padded steps, unaligned starts), outputs poisoned around the ROI.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>

#include <vela/opencv.h>

#include "harness.h"
#include "opencv_harness.hpp"

extern "C" {
#include "common/convert_format.h"
}

namespace {

struct Case {
    vela_format src, dst;
    int code;  // cv::COLOR_*, or -1 for convertTo
    double scale, offset;
};

void fill_random(cv::Mat &m, vela_format format)
{
    for (int y = 0; y < m.rows; y++) {
        if (format == VELA_FORMAT_F32) {  // finite values around the destination's range
            float *r = m.ptr<float>(y);
            for (int x = 0; x < m.cols; x++) r[x] = (float)((int)(vt_rand() % 70000) - 2000) / 64.0f;
        } else if (format == VELA_FORMAT_F16) {
            uint16_t *r = m.ptr<uint16_t>(y);
            for (int x = 0; x < m.cols; x++) r[x] = (uint16_t)(vt_rand() % 0x7800);  // finite, positive
        } else {
            vt_fill_random(m.ptr(y), m.cols * m.elemSize());
        }
    }
}

void run_case(const Case &c, int w, int h)
{
    cv::Mat src_parent, ref_parent, out_parent;
    cv::Mat src = vt_make_mat(c.src, w, h, 1, &src_parent);
    fill_random(src, c.src);
    cv::Mat expected;
    if (c.code >= 0) cv::cvtColor(src, expected, c.code);
    else src.convertTo(expected, CV_MAT_DEPTH(vt_mat_type(c.dst)), c.scale, c.offset);

    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    p.scale = (float)c.scale;
    p.offset = (float)c.offset;
    vela_image *is = vt_wrap_mat(src, c.src);

    // The reference kernel, on the same memory.
    vl_convert_plan plan;
    VT_OK(vl_convert_plan_make(c.src, c.dst, w, h, &p, &plan));
    cv::Mat ref = vt_make_mat(c.dst, w, h, 3, &ref_parent);
    vela_image *ir = vt_wrap_mat(ref, c.dst);
    vela_image_data sd, rd;
    VT_OK(vela_image_lock(is, VELA_LOCK_READ, VELA_BUFFER_HOST, &sd));
    VT_OK(vela_image_lock(ir, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &rd));
    VT_OK(vl_convert_format_ref(&plan, &sd, &rd, 0, h));
    VT_OK(vela_image_unlock(ir));
    VT_OK(vela_image_unlock(is));

    // The CPU backend through a stream.
    cv::Mat out = vt_make_mat(c.dst, w, h, 2, &out_parent);
    vela_image *id = vt_wrap_mat(out, c.dst);
    vela_stream *stream;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &stream));
    VT_OK(vela_submit_convert_format(stream, VELA_BACKEND_CPU, is, id, &p));
    VT_OK(vela_stream_sync(stream));

    bool exact = c.code >= 0 || (c.scale == 1.0 && c.offset == 0.0);
    double tolerance = exact ? 0.0 : 1.0;
    double dr = vt_max_diff(expected, ref), dc = vt_max_diff(expected, out);
    ck_assert_msg(dr <= tolerance, "%s -> %s %dx%d: reference differs from OpenCV by %g", vela_format_name(c.src),
                  vela_format_name(c.dst), w, h, dr);
    ck_assert_msg(dc <= tolerance, "%s -> %s %dx%d: CPU backend differs from OpenCV by %g", vela_format_name(c.src),
                  vela_format_name(c.dst), w, h, dc);
    ck_assert_msg(vt_written_outside(ref_parent, ref) == 0 && vt_written_outside(out_parent, out) == 0,
                  "%s -> %s %dx%d: bytes written outside the output", vela_format_name(c.src), vela_format_name(c.dst), w, h);
    vela_image_destroy(is);
    vela_image_destroy(ir);
    vela_image_destroy(id);
    vela_stream_destroy(stream);
}

const Case cases[] = {
    { VELA_FORMAT_NV12, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_NV12, 1, 0 },
    { VELA_FORMAT_NV12, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_NV12, 1, 0 },
    { VELA_FORMAT_NV12, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_NV12, 1, 0 },
    { VELA_FORMAT_NV12, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_NV12, 1, 0 },
    { VELA_FORMAT_NV12, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_NV12, 1, 0 },
    { VELA_FORMAT_I420, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_I420, 1, 0 },
    { VELA_FORMAT_I420, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_I420, 1, 0 },
    { VELA_FORMAT_I420, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_I420, 1, 0 },
    { VELA_FORMAT_YUYV, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_YUYV, 1, 0 },
    { VELA_FORMAT_YUYV, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_YUYV, 1, 0 },
    { VELA_FORMAT_YUYV, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_YUYV, 1, 0 },
    { VELA_FORMAT_YUYV, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_YUYV, 1, 0 },
    { VELA_FORMAT_UYVY, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_UYVY, 1, 0 },
    { VELA_FORMAT_UYVY, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_UYVY, 1, 0 },
    { VELA_FORMAT_UYVY, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_UYVY, 1, 0 },
    { VELA_FORMAT_RGB8, VELA_FORMAT_BGR8, cv::COLOR_RGB2BGR, 1, 0 },
    { VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, cv::COLOR_RGB2RGBA, 1, 0 },
    { VELA_FORMAT_RGB8, VELA_FORMAT_BGRA8, cv::COLOR_RGB2BGRA, 1, 0 },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_RGB8, cv::COLOR_RGBA2RGB, 1, 0 },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_BGR8, cv::COLOR_RGBA2BGR, 1, 0 },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8, cv::COLOR_RGBA2BGRA, 1, 0 },
    { VELA_FORMAT_RGB8, VELA_FORMAT_U8, cv::COLOR_RGB2GRAY, 1, 0 },
    { VELA_FORMAT_BGR8, VELA_FORMAT_U8, cv::COLOR_BGR2GRAY, 1, 0 },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_U8, cv::COLOR_RGBA2GRAY, 1, 0 },
    { VELA_FORMAT_BGRA8, VELA_FORMAT_U8, cv::COLOR_BGRA2GRAY, 1, 0 },
    { VELA_FORMAT_U8, VELA_FORMAT_RGB8, cv::COLOR_GRAY2RGB, 1, 0 },
    { VELA_FORMAT_U8, VELA_FORMAT_BGRA8, cv::COLOR_GRAY2BGRA, 1, 0 },
    { VELA_FORMAT_U8, VELA_FORMAT_F32, -1, 1, 0 },
    { VELA_FORMAT_U8, VELA_FORMAT_F32, -1, 1.0 / 255, 0 },
    { VELA_FORMAT_U8, VELA_FORMAT_S16, -1, -3, 7 },
    { VELA_FORMAT_F32, VELA_FORMAT_U8, -1, 1, 0 },
    { VELA_FORMAT_F32, VELA_FORMAT_S16, -1, 1, 0 },
    { VELA_FORMAT_F32, VELA_FORMAT_U16, -1, 1, 0 },
    { VELA_FORMAT_F32, VELA_FORMAT_U8, -1, 0.75, 3.5 },
    { VELA_FORMAT_F32, VELA_FORMAT_F16, -1, 1, 0 },
    { VELA_FORMAT_F16, VELA_FORMAT_F32, -1, 1, 0 },
    { VELA_FORMAT_S16, VELA_FORMAT_U8, -1, 1, 0 },
    { VELA_FORMAT_U16, VELA_FORMAT_U8, -1, 1.0 / 256, 0 },
    { VELA_FORMAT_U16, VELA_FORMAT_S16, -1, 1, 0 },
    { VELA_FORMAT_S16, VELA_FORMAT_F32, -1, 0.5, -1 },
};

}  // namespace

START_TEST(test_opencv_parity)
{
    static const int sizes[][2] = { { 2, 2 }, { 16, 8 }, { 34, 6 }, { 642, 480 } };
    vt_seed(2024);
    for (const Case &c : cases)
        for (const auto &sz : sizes) run_case(c, sz[0], sz[1]);
}
END_TEST

int main()
{
    Suite *s = suite_create("convert_format_opencv");
    TCase *tc = tcase_create("convert_format_opencv");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_opencv_parity);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
