#include "opencv_harness.hpp"

#include <cmath>
#include <cstring>

#include "harness.h"

int vt_mat_type(vela_format format)
{
    void *m;
    VT_OK(vela_opencv_mat_create(2, 2, format, &m));
    const int type = static_cast<cv::Mat *>(m)->type();
    vela_opencv_mat_destroy(m);
    return type;
}

cv::Mat vt_make_mat(vela_format format, int w, int h, int x, cv::Mat *parent)
{
    const int rows = format == VELA_FORMAT_I420 || format == VELA_FORMAT_NV12 ? h / 2 * 3 : h;
    const bool roi = format != VELA_FORMAT_I420;
    *parent = cv::Mat(rows + (roi ? 2 : 0), w + (roi ? x + 5 : 0), vt_mat_type(format));
    std::memset(parent->data, VT_POISON, parent->total() * parent->elemSize());
    return roi ? (*parent)(cv::Rect(x, 1, w, rows)) : *parent;
}

size_t vt_written_outside(const cv::Mat &parent, const cv::Mat &roi)
{
    cv::Mat check = parent.clone();
    cv::Size whole;
    cv::Point at;
    roi.locateROI(whole, at);
    cv::Mat bytes(check.rows, (int)(check.cols * check.elemSize()), CV_8UC1, check.data, check.step);
    const int eb = (int)check.elemSize();
    bytes(cv::Rect(at.x * eb, at.y, roi.cols * eb, roi.rows)).setTo(VT_POISON);
    return (size_t)cv::countNonZero(bytes != VT_POISON);
}

vela_image *vt_wrap_mat(const cv::Mat &m, vela_format format)
{
    vela_image *img;
    VT_OK(vela_opencv_wrap_mat(&m, format, VELA_BACKEND_CPU, &img));
    return img;
}

void vt_fill_mat(cv::Mat &m)
{
    for (int y = 0; y < m.rows; y++) {
        if (m.depth() == CV_32F) {
            float *r = m.ptr<float>(y);
            for (int x = 0; x < m.cols; x++) r[x] = (float)(vt_rand() % 26000) / 100.0f - 2.0f;
        } else {
            vt_fill_random(m.ptr(y), m.cols * m.elemSize());
        }
    }
}

double vt_max_diff(const cv::Mat &expected, const cv::Mat &got)
{
    cv::Mat a, b;
    expected.convertTo(a, CV_64F);
    got.convertTo(b, CV_64F);
    return cv::norm(a.reshape(1), b.reshape(1), cv::NORM_INF);
}

double vt_max_rel_diff(const cv::Mat &expected, const cv::Mat &got)
{
    double w = 0;
    for (int y = 0; y < expected.rows; y++)
        for (int x = 0; x < expected.cols * expected.channels(); x++) {
            double e, v;
            switch (expected.depth()) {
            case CV_8U: e = expected.ptr<uint8_t>(y)[x], v = got.ptr<uint8_t>(y)[x]; break;
            case CV_16S: e = expected.ptr<int16_t>(y)[x], v = got.ptr<int16_t>(y)[x]; break;
            default: e = expected.ptr<float>(y)[x], v = got.ptr<float>(y)[x]; break;
            }
            double d = std::fabs(e - v);
            if (expected.depth() == CV_32F) d /= std::fmax(1.0, std::fabs(e));
            if (!(d <= w)) w = d;  // NaN counts
        }
    return w;
}
