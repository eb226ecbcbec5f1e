// Mats as images and images as Mats, without copying pixels. A wrapper owns a copy of the Mat's
// header (one more reference to a refcounted buffer), handed to the image as its release
// callback's argument: vela lets go of it when it no longer reads the memory.
#include "opencv/bridge.hpp"

namespace {

void release_mat(void *held) { delete static_cast<cv::Mat *>(held); }

std::string named(const cv::Mat &m) { return vl_cv::describe("mat", m); }

}  // namespace

vela_status vela_opencv_wrap_mat(const void *mat, vela_format format, uint32_t backends, vela_image **image)
{
    return vl_cv::guard(__func__, [&] {
        if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image (the output pointer) is NULL");
        *image = nullptr;
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        const cv::Mat &m = *static_cast<const cv::Mat *>(mat);
        vela_format f = VELA_FORMAT_INVALID;
        vela_status st = vl_cv::format_arg("format", format, &f);
        if (st != VELA_OK) return st;
        vela_image_data data;
        if ((st = vl_cv::mat_to_data("mat", m, f, &data)) != VELA_OK) return st;
        cv::Mat *held = new cv::Mat(m);
        vela_image *img;
        if ((st = vela_image_wrap_host(&data, backends, &img)) != VELA_OK) {
            delete held;
            return vl_cv::refail(st, named(m));
        }
        vela_image_set_release(img, release_mat, held);  // cannot fail: img is a wrapper
        *image = img;
        return VELA_OK;
    });
}

vela_status vela_opencv_set_mat(vela_image *image, const void *mat, vela_format format)
{
    return vl_cv::guard(__func__, [&] {
        if (!image) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "image is NULL");
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        const vela_buffer wrapped = vl_image_wrapped(image);
        if (wrapped == 0)
            return vl_fail(VELA_ERROR_INVALID_OPERATION, "image was created by vela_image_create, not wrapped");
        if (wrapped != VELA_BUFFER_HOST)
            return vl_fail(VELA_ERROR_INVALID_OPERATION, "image wraps CUDA memory; a Mat's pixels are host memory");
        const cv::Mat &m = *static_cast<const cv::Mat *>(mat);
        vela_format f = VELA_FORMAT_INVALID;
        vela_status st = vl_cv::format_arg("format", format, &f);
        if (st != VELA_OK) return st;
        vela_image_data data;
        if ((st = vl_cv::mat_to_data("mat", m, f, &data)) != VELA_OK) return st;
        cv::Mat *held = new cv::Mat(m);
        // Waits for the pending work, then calls the release of the previous Mat, if any.
        if ((st = vela_image_set_wrapped(image, &data)) != VELA_OK) {
            delete held;
            return vl_cv::refail(st, named(m));
        }
        vela_image_set_release(image, release_mat, held);
        return VELA_OK;
    });
}

vela_status vela_opencv_data_to_mat(const vela_image_data *data, void *mat)
{
    return vl_cv::guard(__func__, [&] {
        if (!data) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data is NULL");
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        vela_format format = VELA_FORMAT_INVALID;
        vela_status st = vl_cv::format_arg("data->format", data->format, &format);
        if (st != VELA_OK) return st;
        vl_cv::Shape shape;
        if ((st = vl_cv::shape_of(format, data->width, data->height, &shape)) != VELA_OK) return vl_cv::refail(st, "data");
        const int planes = vela_format_num_planes(format);
        for (int p = 0; p < planes; p++)
            if (!data->planes[p].data)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data->planes[%d].data is NULL", p);
        uint8_t *y = static_cast<uint8_t *>(data->planes[0].data);
        const int32_t pitch = data->planes[0].pitch, w = data->width, h = data->height;
        const size_t row_bytes = (size_t)shape.cols * CV_ELEM_SIZE(shape.type);
        if (pitch < 0 || (size_t)pitch < row_bytes)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "data->planes[0].pitch %d is less than the row's %zu bytes", pitch, row_bytes);
        if (format == VELA_FORMAT_I420) {
            const bool one_block = pitch == w && data->planes[1].pitch == w / 2 && data->planes[2].pitch == w / 2 &&
                                   data->planes[1].data == y + (size_t)h * w &&
                                   data->planes[2].data == y + (size_t)h * w + (size_t)(h / 2) * (w / 2);
            if (!one_block)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                               "the planes of this %dx%d I420 image are not one continuous (3H/2) x W block as OpenCV "
                               "stores I420 (pitches %d, %d, %d); copy it with vela_opencv_copy_to_mat",
                               w, h, pitch, data->planes[1].pitch, data->planes[2].pitch);
        } else if (planes == 2) {  // NV12, NV12_ER
            if (data->planes[1].data != y + (size_t)h * pitch || data->planes[1].pitch != pitch)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                               "the chroma plane of this %dx%d %s image does not follow the luma rows at the same pitch "
                               "as OpenCV's (3H/2) x W layout has it; copy it with vela_opencv_copy_to_mat",
                               w, h, vela_format_name(format));
        }
        *static_cast<cv::Mat *>(mat) = cv::Mat(shape.rows, shape.cols, shape.type, y, (size_t)pitch);
        return VELA_OK;
    });
}

vela_status vela_opencv_lock_mat(vela_image *image, vela_lock_mode mode, void *mat)
{
    return vl_cv::guard(__func__, [&] {
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        const int m = vl_cv::enum_value(mode);
        if (m < VELA_LOCK_READ || m > VELA_LOCK_READ_WRITE)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mode %d is not a vela_lock_mode", m);
        vela_image_data data;
        vela_status st = vela_image_lock(image, static_cast<vela_lock_mode>(m), VELA_BUFFER_HOST, &data);
        if (st != VELA_OK) return st;
        if ((st = vela_opencv_data_to_mat(&data, mat)) != VELA_OK) vela_image_unlock(image);
        return st;
    });
}
