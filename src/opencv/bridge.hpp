// Internal: what the bridge's files share. The C API is implemented in C++ against cv::Mat; no
// exception crosses it (guard), and messages go to the core's thread-local buffer (vl_fail).
#ifndef VL_OPENCV_BRIDGE_HPP
#define VL_OPENCV_BRIDGE_HPP

#include <opencv2/core.hpp>

#include <cstring>
#include <new>
#include <string>

#include <vela/opencv.h>

extern "C" {
#include "common/image.h"
#include "common/status.h"
}

namespace vl_cv {

// The int a C caller passed for an enum. C lets any int through, while in C++ a value outside the
// enumerators' range is undefined behaviour: the bridge reads the bytes and checks before it trusts
// them (UBSan holds it to that).
template <class E>
int enum_value(const E &e)
{
    static_assert(sizeof(E) == sizeof(int), "vela's enums are ints");
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

// A format argument: VELA_FORMAT_INVALID (the default) or a vela_format; fails naming `name`.
vela_status format_arg(const char *name, const vela_format &format, vela_format *checked);

// The Mat shape a width x height image of a format has in OpenCV.
struct Shape {
    int rows, cols, type;
};

// "CV_8UC3", "CV_64FC1", ...
std::string type_name(int type);
// "mat (CV_8UC3, 480 rows x 640 cols)", for messages that must name a Mat.
std::string describe(const char *name, const cv::Mat &m);

// The Mat shape of a width x height `format` image; fails (naming the format) when it has none:
// U32, 4:2:0 formats of odd size, 4:2:2 of odd width.
vela_status shape_of(vela_format format, int32_t width, int32_t height, Shape *shape);

// Reads `m` as an image of `format` (VELA_FORMAT_INVALID: its default): the format, the size and
// planes that point into the Mat. Fails with a message naming `name` when it cannot, wrapping
// included (an I420 Mat must be continuous).
vela_status mat_to_data(const char *name, const cv::Mat &m, vela_format format, vela_image_data *data);

// Reissues the message of the call that just failed with `prefix` in front, so that a core
// message about `data->...` tells which Mat it was about.
vela_status refail(vela_status status, const std::string &prefix);

// Runs `body` and turns OpenCV's and the allocator's exceptions into statuses.
template <class F>
vela_status guard(const char *function, F &&body) noexcept
{
    try {
        return body();
    } catch (const cv::Exception &e) {
        return vl_fail(VELA_ERROR_INTERNAL, "%s: OpenCV failed: %s", function, e.what());
    } catch (const std::bad_alloc &) {
        return vl_fail(VELA_ERROR_OUT_OF_MEMORY, "%s: out of memory", function);
    } catch (...) {
        return vl_fail(VELA_ERROR_INTERNAL, "%s: unexpected C++ exception", function);
    }
}

}  // namespace vl_cv

#endif
