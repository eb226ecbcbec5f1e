#include "opencv_harness.hpp"

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
