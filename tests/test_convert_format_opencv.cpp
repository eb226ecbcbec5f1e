// Parity with OpenCV 4.6's cv::cvtColor and Mat::convertTo, the golden oracle: bit-exact for the
// colour conversions OpenCV has (BT.601 limited range), exact for unscaled bit depths, within 1
// for scaled ones. Both the reference kernel and the CPU backend (NEON) are checked.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>

#include "harness.h"

extern "C" {
#include "common/convert_format.h"
}

namespace {

struct Case {
    vela_format src, dst;
    int code;  // cv::COLOR_*, or -1 for convertTo
    double scale, offset;
};

// Copies vela's planes into the single Mat OpenCV expects for the source format.
cv::Mat to_opencv_src(const vela_image_data &d)
{
    const int w = d.width, h = d.height;
    auto row = [&](int p, int y) { return static_cast<const uint8_t *>(d.planes[p].data) + (size_t)y * d.planes[p].pitch; };
    switch (d.format) {
    case VELA_FORMAT_NV12: {
        cv::Mat m(h * 3 / 2, w, CV_8UC1);
        for (int y = 0; y < h; y++) std::memcpy(m.ptr(y), row(0, y), w);
        for (int y = 0; y < h / 2; y++) std::memcpy(m.ptr(h + y), row(1, y), w);
        return m;
    }
    case VELA_FORMAT_I420: {
        cv::Mat m(h * 3 / 2, w, CV_8UC1);
        uint8_t *p = m.data;
        for (int y = 0; y < h; y++, p += w) std::memcpy(p, row(0, y), w);
        for (int plane = 1; plane < 3; plane++)
            for (int y = 0; y < h / 2; y++, p += w / 2) std::memcpy(p, row(plane, y), w / 2);
        return m;
    }
    case VELA_FORMAT_YUYV:
    case VELA_FORMAT_UYVY: {
        cv::Mat m(h, w, CV_8UC2);
        for (int y = 0; y < h; y++) std::memcpy(m.ptr(y), row(0, y), (size_t)w * 2);
        return m;
    }
    default: {
        int type = 0;
        switch (d.format) {
        case VELA_FORMAT_U8: type = CV_8UC1; break;
        case VELA_FORMAT_S16: type = CV_16SC1; break;
        case VELA_FORMAT_U16: type = CV_16UC1; break;
        case VELA_FORMAT_F16: type = CV_16FC1; break;
        case VELA_FORMAT_F32: type = CV_32FC1; break;
        case VELA_FORMAT_RGB8: case VELA_FORMAT_BGR8: type = CV_8UC3; break;
        default: type = CV_8UC4; break;
        }
        // Wrapped, not copied: the pitch travels as the Mat's step.
        return cv::Mat(h, w, type, d.planes[0].data, (size_t)d.planes[0].pitch);
    }
    }
}

int cv_type_of(vela_format f)
{
    switch (f) {
    case VELA_FORMAT_U8: return CV_8U;
    case VELA_FORMAT_S16: return CV_16S;
    case VELA_FORMAT_U16: return CV_16U;
    case VELA_FORMAT_F16: return CV_16F;
    default: return CV_32F;
    }
}

double max_diff(const cv::Mat &expected, const vela_image_data &got)
{
    cv::Mat g(got.height, got.width, expected.type(), got.planes[0].data, (size_t)got.planes[0].pitch);
    cv::Mat a, b;
    expected.convertTo(a, CV_64F);
    g.convertTo(b, CV_64F);
    return cv::norm(a, b, cv::NORM_INF);
}

void run_case(const Case &c, int w, int h)
{
    vt_buffer src = vt_buffer_alloc(c.src, w, h, 5, 1);
    vt_fill_data(&src.data);
    if (c.src == VELA_FORMAT_F32) {  // finite values around the destination's range
        for (int y = 0; y < h; y++) {
            float *r = reinterpret_cast<float *>(static_cast<uint8_t *>(src.data.planes[0].data) + (size_t)y * src.data.planes[0].pitch);
            for (int x = 0; x < w; x++) r[x] = (float)((int)(vt_rand() % 70000) - 2000) / 64.0f;
        }
    }
    if (c.src == VELA_FORMAT_F16) {
        for (int y = 0; y < h; y++) {
            uint16_t *r = reinterpret_cast<uint16_t *>(static_cast<uint8_t *>(src.data.planes[0].data) + (size_t)y * src.data.planes[0].pitch);
            for (int x = 0; x < w; x++) r[x] = (uint16_t)(vt_rand() % 0x7800);  // finite, positive
        }
    }
    cv::Mat expected;
    cv::Mat s = to_opencv_src(src.data);
    if (c.code >= 0) cv::cvtColor(s, expected, c.code);
    else s.convertTo(expected, cv_type_of(c.dst), c.scale, c.offset);

    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    p.scale = (float)c.scale;
    p.offset = (float)c.offset;
    vl_convert_plan plan;
    VT_OK(vl_convert_plan_make(c.src, c.dst, w, h, &p, &plan));
    vt_buffer ref = vt_buffer_alloc(c.dst, w, h, 3, 0);
    VT_OK(vl_convert_format_ref(&plan, &src.data, &ref.data, 0, h));

    vt_buffer out = vt_buffer_alloc(c.dst, w, h, 9, 2);
    vela_stream *stream;
    vela_image *is, *id;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &stream));
    VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
    VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
    VT_OK(vela_submit_convert_format(stream, VELA_BACKEND_CPU, is, id, &p));
    VT_OK(vela_stream_sync(stream));

    bool exact = c.code >= 0 || (c.scale == 1.0 && c.offset == 0.0);
    double tolerance = exact ? 0.0 : 1.0;
    double dr = max_diff(expected, ref.data), dc = max_diff(expected, out.data);
    ck_assert_msg(dr <= tolerance, "%s -> %s %dx%d: reference differs from OpenCV by %g", vela_format_name(c.src),
                  vela_format_name(c.dst), w, h, dr);
    ck_assert_msg(dc <= tolerance, "%s -> %s %dx%d: CPU backend differs from OpenCV by %g", vela_format_name(c.src),
                  vela_format_name(c.dst), w, h, dc);
    vela_image_destroy(is);
    vela_image_destroy(id);
    vela_stream_destroy(stream);
    vt_buffer_free(&src);
    vt_buffer_free(&ref);
    vt_buffer_free(&out);
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
