// Copies between a Mat and an image, for layouts a wrapper cannot describe: OpenCV's (3H/2) x W
// 4:2:0 Mats with padded rows (I420) or images whose planes are apart, as vela allocates them.
#include "opencv/bridge.hpp"

#include <cstring>

namespace {

// Where row `row` of plane `plane` of a w x h image lies in OpenCV's Mat for it. I420 chroma rows
// are W/2 wide and packed two to a Mat row, U's then V's, as cv::cvtColor reads them with any step:
// half-row k (k < H/2: U row k, else V row k - H/2) starts at Mat row H + k/2, column (k%2)·W/2.
uint8_t *mat_row(const cv::Mat &m, vela_format format, int32_t w, int32_t h, int plane, int32_t row)
{
    if (plane == 0) return m.data + (size_t)row * m.step[0];
    if (format != VELA_FORMAT_I420) return m.data + (size_t)(h + row) * m.step[0];
    const int32_t k = (plane - 1) * (h / 2) + row;
    return m.data + (size_t)(h + k / 2) * m.step[0] + (size_t)(k % 2) * (w / 2);
}

enum class Direction { to_image, to_mat };

void copy_planes(const cv::Mat &m, const vela_image_data &d, Direction dir)
{
    for (int p = 0; p < d.num_planes; p++) {
        int32_t rows, row_bytes;
        vela_format_plane_extent(d.format, d.width, d.height, p, nullptr, &rows, &row_bytes);
        for (int32_t y = 0; y < rows; y++) {
            uint8_t *img = static_cast<uint8_t *>(d.planes[p].data) + (size_t)y * d.planes[p].pitch;
            uint8_t *mat = mat_row(m, d.format, d.width, d.height, p, y);
            if (dir == Direction::to_image) std::memmove(img, mat, (size_t)row_bytes);  // may be one buffer
            else std::memmove(mat, img, (size_t)row_bytes);
        }
    }
}

// Unlocks on every way out.
struct Locked {
    vela_image *image = nullptr;
    ~Locked() { if (image) vela_image_unlock(image); }
};

vela_status image_shape(vela_image *image, vl_cv::Shape *shape, vela_format *format)
{
    int32_t w, h;
    vela_status st = vela_image_get_size(image, &w, &h);
    if (st == VELA_OK) st = vela_image_get_format(image, format);
    if (st == VELA_OK) st = vl_cv::shape_of(*format, w, h, shape);
    return st;
}

}  // namespace

vela_status vela_opencv_copy_from_mat(const void *mat, vela_image *image)
{
    return vl_cv::guard(__func__, [&] {
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
        const cv::Mat &m = *static_cast<const cv::Mat *>(mat);
        vl_cv::Shape shape;
        vela_format format = VELA_FORMAT_INVALID;
        vela_status st = image_shape(image, &shape, &format);
        if (st != VELA_OK) return vl_cv::refail(st, "image");
        if (m.dims != 2 || m.rows != shape.rows || m.cols != shape.cols || m.type() != shape.type)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s does not hold this %s image: expected %s, %d rows x %d cols",
                           vl_cv::describe("mat", m).c_str(), vela_format_name(format),
                           vl_cv::type_name(shape.type).c_str(), shape.rows, shape.cols);
        Locked lock;
        vela_image_data d;
        if ((st = vela_image_lock(image, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d)) != VELA_OK) return st;
        lock.image = image;
        copy_planes(m, d, Direction::to_image);
        return VELA_OK;
    });
}

vela_status vela_opencv_copy_to_mat(vela_image *image, void *mat)
{
    return vl_cv::guard(__func__, [&] {
        if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        cv::Mat &m = *static_cast<cv::Mat *>(mat);
        vl_cv::Shape shape;
        vela_format format = VELA_FORMAT_INVALID;
        vela_status st = image_shape(image, &shape, &format);
        if (st != VELA_OK) return vl_cv::refail(st, "image");
        Locked lock;
        vela_image_data d;
        if ((st = vela_image_lock(image, VELA_LOCK_READ, VELA_BUFFER_HOST, &d)) != VELA_OK) return st;
        lock.image = image;
        m.create(shape.rows, shape.cols, shape.type);
        copy_planes(m, d, Direction::to_mat);
        return VELA_OK;
    });
}
