// Which vela format a Mat's depth and channels are, and how each format's planes sit in a Mat.
#include "opencv/bridge.hpp"

#include <climits>
#include <cstdint>

namespace vl_cv {

namespace {

// One Mat type: the format it is read as by default (INVALID: none, a format must be asked for)
// and the other formats that read the same bytes.
struct Mapping {
    int type;
    vela_format fallback;
    vela_format also[3];
};

const Mapping mappings[] = {
    { CV_8UC1, VELA_FORMAT_U8, { VELA_FORMAT_NV12, VELA_FORMAT_NV12_ER, VELA_FORMAT_I420 } },
    { CV_8SC1, VELA_FORMAT_S8, {} },
    { CV_16UC1, VELA_FORMAT_U16, {} },
    { CV_16SC1, VELA_FORMAT_S16, {} },
    { CV_32SC1, VELA_FORMAT_S32, {} },
    { CV_16FC1, VELA_FORMAT_F16, {} },
    { CV_32FC1, VELA_FORMAT_F32, {} },
    { CV_8UC2, VELA_FORMAT_INVALID, { VELA_FORMAT_YUYV, VELA_FORMAT_UYVY } },
    { CV_8UC3, VELA_FORMAT_BGR8, { VELA_FORMAT_RGB8 } },
    { CV_8UC4, VELA_FORMAT_BGRA8, { VELA_FORMAT_RGBA8 } },
    { CV_16SC2, VELA_FORMAT_2S16, {} },
    { CV_32FC2, VELA_FORMAT_2F32, {} },
};

const Mapping *mapping_of_type(int type)
{
    for (const Mapping &m : mappings)
        if (m.type == type) return &m;
    return nullptr;
}

bool reads(const Mapping &m, vela_format f)
{
    if (f == m.fallback) return true;
    for (vela_format a : m.also)
        if (a != VELA_FORMAT_INVALID && a == f) return true;
    return false;
}

// "BGR8 or RGB8", the formats a Mat type may be read as.
std::string choices(const Mapping &m)
{
    std::string s;
    if (m.fallback != VELA_FORMAT_INVALID) s = vela_format_name(m.fallback);
    for (vela_format a : m.also)
        if (a != VELA_FORMAT_INVALID) s += (s.empty() ? "" : " or ") + std::string(vela_format_name(a));
    return s;
}

bool is_420(vela_format f) { return f == VELA_FORMAT_NV12 || f == VELA_FORMAT_NV12_ER || f == VELA_FORMAT_I420; }
bool is_422(vela_format f) { return f == VELA_FORMAT_YUYV || f == VELA_FORMAT_UYVY; }

}  // namespace

std::string type_name(int type)
{
    static const char *const depths[] = { "CV_8U", "CV_8S", "CV_16U", "CV_16S", "CV_32S", "CV_32F", "CV_64F", "CV_16F" };
    return std::string(depths[CV_MAT_DEPTH(type)]) + "C" + std::to_string(CV_MAT_CN(type));
}

std::string describe(const char *name, const cv::Mat &m)
{
    std::string s = std::string(name) + " (" + type_name(m.type()) + ", ";
    if (m.dims > 2) return s + std::to_string(m.dims) + " dimensions)";
    return s + std::to_string(m.rows) + " rows x " + std::to_string(m.cols) + " cols)";
}

vela_status refail(vela_status status, const std::string &prefix)
{
    const std::string message = vela_last_error_message();  // copied: vl_fail writes the same buffer
    return vl_fail(status, "%s: %s", prefix.c_str(), message.c_str());
}

vela_status format_arg(const char *name, const vela_format &format, vela_format *checked)
{
    const int v = enum_value(format);
    if (v < VELA_FORMAT_INVALID || v >= VELA_FORMAT_COUNT)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "%s %d is not a vela_format", name, v);
    *checked = static_cast<vela_format>(v);
    return VELA_OK;
}

vela_status shape_of(vela_format format, int32_t width, int32_t height, Shape *shape)
{
    if (!vela_format_num_planes(format))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "format %d is not a vela_format", (int)format);
    if (width <= 0 || height <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "size %dx%d must be positive", width, height);
    if (is_420(format) && (width % 2 || height % 2))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT,
                       "a %dx%d %s image has no OpenCV Mat: its (3H/2) x W layout needs even width and height",
                       width, height, vela_format_name(format));
    if (is_422(format) && width % 2)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT,
                       "a %dx%d %s image has no OpenCV Mat: CV_8UC2 holds whole pixel pairs, the width must be even",
                       width, height, vela_format_name(format));
    for (const Mapping &m : mappings)
        if (reads(m, format)) {
            *shape = { is_420(format) ? height / 2 * 3 : height, width, m.type };
            return VELA_OK;
        }
    return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "%s has no OpenCV Mat type", vela_format_name(format));
}

vela_status mat_to_data(const char *name, const cv::Mat &m, vela_format format, vela_image_data *data)
{
    if (m.empty()) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s is empty", name);
    if (m.dims != 2)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s has %d dimensions; vela takes 2-D Mats", describe(name, m).c_str(), m.dims);
    const Mapping *mapping = mapping_of_type(m.type());
    if (!mapping)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT,
                       "%s: %s has no vela format (vela takes CV_8U, CV_8S, CV_16U, CV_16S, CV_32S, CV_16F, CV_32F "
                       "with 1 channel, CV_8UC2/3/4, CV_16SC2 and CV_32FC2)",
                       describe(name, m).c_str(), type_name(m.type()).c_str());
    if (format == VELA_FORMAT_INVALID) {
        if (mapping->fallback == VELA_FORMAT_INVALID)
            return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "%s may be %s: pass the format",
                           describe(name, m).c_str(), choices(*mapping).c_str());
        format = mapping->fallback;
    } else if (!reads(*mapping, format)) {
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "format %s (%d) cannot read %s, which may be %s",
                       vela_format_name(format), (int)format, describe(name, m).c_str(), choices(*mapping).c_str());
    }
    if (m.step[0] > (size_t)INT32_MAX)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s: step %zu is too large for a vela pitch", describe(name, m).c_str(), m.step[0]);

    uint8_t *base = m.data;
    const int32_t step = (int32_t)m.step[0];
    *data = vela_image_data();
    data->format = format;
    data->width = m.cols;
    data->height = m.rows;
    data->planes[0] = { base, step };
    if (is_422(format) && m.cols % 2)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s as %s: CV_8UC2 must hold whole pixel pairs, the number of cols must be even",
                       describe(name, m).c_str(), vela_format_name(format));
    if (is_420(format)) {
        if (m.rows % 3 || m.cols % 2)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                           "%s as %s: OpenCV's layout has (3H/2) rows and W cols with W and H even", describe(name, m).c_str(),
                           vela_format_name(format));
        const int32_t w = m.cols, h = m.rows / 3 * 2;
        data->height = h;
        if (format != VELA_FORMAT_I420) {  // interleaved chroma: H/2 rows right below the luma, same step
            data->planes[1] = { base + (size_t)h * step, step };
        } else {
            // OpenCV packs two W/2-wide chroma rows into each Mat row: one pitch only without padding.
            if (m.step[0] != (size_t)w)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                               "%s as I420 has step %d: its chroma rows (W/2 wide, two to a Mat row) have one pitch only "
                               "when the Mat is continuous (step %d); copy it with vela_opencv_copy_from_mat",
                               describe(name, m).c_str(), step, w);
            uint8_t *u = base + (size_t)h * w;
            data->planes[1] = { u, w / 2 };
            data->planes[2] = { u + (size_t)(h / 2) * (w / 2), w / 2 };
        }
    }
    data->num_planes = vela_format_num_planes(format);
    return VELA_OK;
}

}  // namespace vl_cv

vela_status vela_opencv_format_of(const void *mat, vela_format format, vela_format *result)
{
    return vl_cv::guard(__func__, [&] {
        if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "mat is NULL");
        if (!result) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "result is NULL");
        vela_format f = VELA_FORMAT_INVALID;
        vela_status st = vl_cv::format_arg("format", format, &f);
        if (st != VELA_OK) return st;
        vela_image_data data;
        st = vl_cv::mat_to_data("mat", *static_cast<const cv::Mat *>(mat), f, &data);
        if (st == VELA_OK) *result = data.format;
        return st;
    });
}
