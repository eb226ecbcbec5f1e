// cv::Mats for C callers, who cannot construct one: created, cut into ROIs and deleted here.
#include "opencv/bridge.hpp"

vela_status vela_opencv_mat_create(int32_t width, int32_t height, vela_format format, void **mat)
{
    return vl_cv::guard(__func__, [&] {
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat (the output pointer) is NULL");
        *mat = nullptr;
        vela_format f = VELA_FORMAT_INVALID;
        vela_status st = vl_cv::format_arg("format", format, &f);
        if (st != VELA_OK) return st;
        if (f == VELA_FORMAT_INVALID && width == 0 && height == 0) {
            *mat = new cv::Mat();
            return VELA_OK;
        }
        vl_cv::Shape shape;
        st = vl_cv::shape_of(f, width, height, &shape);
        if (st != VELA_OK) return st;
        *mat = new cv::Mat(shape.rows, shape.cols, shape.type);
        return VELA_OK;
    });
}

vela_status vela_opencv_mat_roi(const void *mat, int32_t x, int32_t y, int32_t width, int32_t height, void **roi)
{
    return vl_cv::guard(__func__, [&] {
        if (!roi) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "roi (the output pointer) is NULL");
        *roi = nullptr;
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        const cv::Mat &m = *static_cast<const cv::Mat *>(mat);
        if (m.dims != 2 || x < 0 || y < 0 || width <= 0 || height <= 0 || (int64_t)x + width > m.cols ||
            (int64_t)y + height > m.rows)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "rectangle %dx%d at (%d, %d) is not inside %s", width, height, x, y,
                           vl_cv::describe("mat", m).c_str());
        *roi = new cv::Mat(m, cv::Rect(x, y, width, height));
        return VELA_OK;
    });
}

void vela_opencv_mat_destroy(void *mat)
{
    delete static_cast<cv::Mat *>(mat);
}
