// Parity with OpenCV 4.6's cv::pyrDown: bit-exact for U8, S16 and the colour formats with every
// border it takes, odd sizes included; F32 within a few ulps (OpenCV's vector paths sum in another
// order than its scalar code, which vela follows). Reference kernel and CPU backend (NEON) both.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "harness.h"

extern "C" {
#include "common/pyramid.h"
}

namespace {

int mat_type(vela_format f)
{
    switch (f) {
    case VELA_FORMAT_U8: return CV_8UC1;
    case VELA_FORMAT_S16: return CV_16SC1;
    case VELA_FORMAT_F32: return CV_32FC1;
    case VELA_FORMAT_RGB8: return CV_8UC3;
    default: return CV_8UC4;
    }
}

cv::Mat wrap(const vela_image_data &d) { return cv::Mat(d.height, d.width, mat_type(d.format), d.planes[0].data, (size_t)d.planes[0].pitch); }

void fill(const vela_image_data &d)
{
    vt_fill_data(&d);
    if (d.format == VELA_FORMAT_F32)
        for (int y = 0; y < d.height; y++) {
            float *r = reinterpret_cast<float *>(static_cast<uint8_t *>(d.planes[0].data) + (size_t)y * d.planes[0].pitch);
            for (int x = 0; x < d.width; x++) r[x] = (float)(vt_rand() % 26000) / 100.0f - 2.0f;
        }
}

double worst(const cv::Mat &e, const vela_image_data &got)
{
    cv::Mat g = wrap(got);
    double w = 0;
    for (int y = 0; y < e.rows; y++)
        for (int x = 0; x < e.cols * e.channels(); x++) {
            double a, b;
            switch (e.depth()) {
            case CV_8U: a = e.ptr<uint8_t>(y)[x], b = g.ptr<uint8_t>(y)[x]; break;
            case CV_16S: a = e.ptr<int16_t>(y)[x], b = g.ptr<int16_t>(y)[x]; break;
            default: a = e.ptr<float>(y)[x], b = g.ptr<float>(y)[x]; break;
            }
            double d = std::fabs(a - b) / (e.depth() == CV_32F ? std::fmax(1.0, std::fabs(a)) : 1.0);
            if (!(d <= w)) w = d;
        }
    return w;
}

const vela_format formats[] = { VELA_FORMAT_U8, VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, VELA_FORMAT_S16, VELA_FORMAT_F32 };
const struct { vela_border vela; int cv; const char *name; } borders[] = {
    { VELA_BORDER_REFLECT_101, cv::BORDER_REFLECT_101, "REFLECT_101" },
    { VELA_BORDER_REFLECT, cv::BORDER_REFLECT, "REFLECT" },
    { VELA_BORDER_REPLICATE, cv::BORDER_REPLICATE, "REPLICATE" },
};
const int sizes[][2] = { { 1, 1 }, { 2, 3 }, { 3, 2 }, { 7, 3 }, { 8, 8 }, { 33, 17 }, { 64, 48 }, { 101, 37 }, { 640, 480 } };

void check(vela_stream *s, vela_format f, int b, int w, int h)
{
    const int dw = (w + 1) / 2, dh = (h + 1) / 2;
    vela_pyr_down_params p = { borders[b].vela };
    vt_buffer src = vt_buffer_alloc(f, w, h, 6, 2);
    vt_buffer out = vt_buffer_alloc(f, dw, dh, 5, 0);
    fill(src.data);
    cv::Mat expected;
    cv::pyrDown(wrap(src.data), expected, cv::Size(dw, dh), borders[b].cv);
    if (s) {
        vela_image *is, *id;
        VT_OK(vela_image_wrap_host(&src.data, VELA_BACKEND_CPU, &is));
        VT_OK(vela_image_wrap_host(&out.data, VELA_BACKEND_CPU, &id));
        VT_OK(vela_submit_pyr_down(s, VELA_BACKEND_CPU, is, id, &p));
        VT_OK(vela_stream_sync(s));
        vela_image_destroy(is);
        vela_image_destroy(id);
    } else {
        vl_pyr_plan plan;
        VT_OK(vl_pyr_plan_make(f, w, h, dw, dh, &p, &plan));
        VT_OK(vl_pyr_down_ref(&plan, &src.data, &out.data, 0, dh));
    }
    const double tol = f == VELA_FORMAT_F32 ? 1e-6 : 0;
    const double d = worst(expected, out.data);
    ck_assert_msg(d <= tol, "%s %s %dx%d (%s): max |d| %g vs cv::pyrDown", vela_format_name(f), borders[b].name, w, h,
                  s ? "CPU backend" : "reference", d);
    ck_assert(vt_padding_intact(&out.data));
    vt_buffer_free(&src);
    vt_buffer_free(&out);
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
