// OpenCV 4 as a peer. Buffers are wrapped, never copied; a call that would make OpenCV allocate
// its own output is refused, so the time is always that of writing into vela's image.
#include "peer_opencv.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace {

struct pair_code {
    vela_format src, dst;
    int code;
};

// Colour conversions with an exact OpenCV equivalent (BT.601, limited range for YUV).
const pair_code colour_codes[] = {
    { VELA_FORMAT_NV12, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_NV12 },
    { VELA_FORMAT_NV12, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_NV12 },
    { VELA_FORMAT_NV12, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_NV12 },
    { VELA_FORMAT_NV12, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_NV12 },
    { VELA_FORMAT_I420, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_I420 },
    { VELA_FORMAT_I420, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_I420 },
    { VELA_FORMAT_I420, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_I420 },
    { VELA_FORMAT_I420, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_I420 },
    { VELA_FORMAT_I420, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_I420 },
    { VELA_FORMAT_YUYV, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_YUYV },
    { VELA_FORMAT_YUYV, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_YUYV },
    { VELA_FORMAT_YUYV, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_YUYV },
    { VELA_FORMAT_YUYV, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_YUYV },
    { VELA_FORMAT_YUYV, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_YUYV },
    { VELA_FORMAT_UYVY, VELA_FORMAT_RGB8, cv::COLOR_YUV2RGB_UYVY },
    { VELA_FORMAT_UYVY, VELA_FORMAT_BGR8, cv::COLOR_YUV2BGR_UYVY },
    { VELA_FORMAT_UYVY, VELA_FORMAT_RGBA8, cv::COLOR_YUV2RGBA_UYVY },
    { VELA_FORMAT_UYVY, VELA_FORMAT_BGRA8, cv::COLOR_YUV2BGRA_UYVY },
    { VELA_FORMAT_UYVY, VELA_FORMAT_U8, cv::COLOR_YUV2GRAY_UYVY },
    { VELA_FORMAT_RGB8, VELA_FORMAT_BGR8, cv::COLOR_RGB2BGR },
    { VELA_FORMAT_RGB8, VELA_FORMAT_RGBA8, cv::COLOR_RGB2RGBA },
    { VELA_FORMAT_RGB8, VELA_FORMAT_BGRA8, cv::COLOR_RGB2BGRA },
    { VELA_FORMAT_RGB8, VELA_FORMAT_U8, cv::COLOR_RGB2GRAY },
    { VELA_FORMAT_BGR8, VELA_FORMAT_RGB8, cv::COLOR_BGR2RGB },
    { VELA_FORMAT_BGR8, VELA_FORMAT_RGBA8, cv::COLOR_BGR2RGBA },
    { VELA_FORMAT_BGR8, VELA_FORMAT_BGRA8, cv::COLOR_BGR2BGRA },
    { VELA_FORMAT_BGR8, VELA_FORMAT_U8, cv::COLOR_BGR2GRAY },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_RGB8, cv::COLOR_RGBA2RGB },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_BGR8, cv::COLOR_RGBA2BGR },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8, cv::COLOR_RGBA2BGRA },
    { VELA_FORMAT_RGBA8, VELA_FORMAT_U8, cv::COLOR_RGBA2GRAY },
    { VELA_FORMAT_BGRA8, VELA_FORMAT_RGB8, cv::COLOR_BGRA2RGB },
    { VELA_FORMAT_BGRA8, VELA_FORMAT_BGR8, cv::COLOR_BGRA2BGR },
    { VELA_FORMAT_BGRA8, VELA_FORMAT_RGBA8, cv::COLOR_BGRA2RGBA },
    { VELA_FORMAT_BGRA8, VELA_FORMAT_U8, cv::COLOR_BGRA2GRAY },
    { VELA_FORMAT_U8, VELA_FORMAT_RGB8, cv::COLOR_GRAY2RGB },
    { VELA_FORMAT_U8, VELA_FORMAT_BGR8, cv::COLOR_GRAY2BGR },
    { VELA_FORMAT_U8, VELA_FORMAT_RGBA8, cv::COLOR_GRAY2RGBA },
    { VELA_FORMAT_U8, VELA_FORMAT_BGRA8, cv::COLOR_GRAY2BGRA },
};

// The Mat type of a one-plane format; -1 for planar formats.
int mat_type(vela_format f)
{
    switch (f) {
    case VELA_FORMAT_U8: return CV_8UC1;
    case VELA_FORMAT_S8: return CV_8SC1;
    case VELA_FORMAT_U16: return CV_16UC1;
    case VELA_FORMAT_S16: return CV_16SC1;
    case VELA_FORMAT_S32: return CV_32SC1;
    case VELA_FORMAT_F16: return CV_16FC1;
    case VELA_FORMAT_F32: return CV_32FC1;
    case VELA_FORMAT_RGB8: case VELA_FORMAT_BGR8: return CV_8UC3;
    case VELA_FORMAT_RGBA8: case VELA_FORMAT_BGRA8: return CV_8UC4;
    case VELA_FORMAT_YUYV: case VELA_FORMAT_UYVY: return CV_8UC2;
    default: return -1;
    }
}

bool is_yuv(vela_format f)
{
    return f == VELA_FORMAT_NV12 || f == VELA_FORMAT_NV12_ER || f == VELA_FORMAT_I420 ||
           f == VELA_FORMAT_YUYV || f == VELA_FORMAT_UYVY;
}

bool is_depth(vela_format f)
{
    return f == VELA_FORMAT_U8 || f == VELA_FORMAT_S16 || f == VELA_FORMAT_U16 || f == VELA_FORMAT_F16 ||
           f == VELA_FORMAT_F32;
}

cv::Mat wrap(const vela_image_data *d, int plane, int rows, int cols, int type)
{
    return cv::Mat(rows, cols, type, d->planes[plane].data, (size_t)d->planes[plane].pitch);
}

// OpenCV takes I420 as one continuous (h * 3/2) x w Mat: U and V rows of w/2 bytes packed
// after Y. Only vela images laid out exactly so can be wrapped.
bool i420_as_one_mat(const vela_image_data *d)
{
    int w = d->width, h = d->height;
    const char *y = static_cast<const char *>(d->planes[0].data);
    const char *u = static_cast<const char *>(d->planes[1].data);
    const char *v = static_cast<const char *>(d->planes[2].data);
    return d->planes[0].pitch == w && d->planes[1].pitch == w / 2 && d->planes[2].pitch == w / 2 &&
           u == y + (size_t)w * h && v == u + (size_t)(w / 2) * (h / 2);
}

int colour(const vela_image_data *src, const vela_image_data *dst, int code)
{
    int w = src->width, h = src->height;
    cv::Mat out = wrap(dst, 0, h, w, mat_type(dst->format));
    const void *target = out.data;
    switch (src->format) {
    case VELA_FORMAT_NV12:
        if (w % 2 || h % 2) return BENCH_UNSUPPORTED;
        cv::cvtColorTwoPlane(wrap(src, 0, h, w, CV_8UC1), wrap(src, 1, h / 2, w / 2, CV_8UC2), out, code);
        break;
    case VELA_FORMAT_I420:
        if (w % 2 || h % 2 || !i420_as_one_mat(src)) return BENCH_UNSUPPORTED;
        cv::cvtColor(wrap(src, 0, h * 3 / 2, w, CV_8UC1), out, code);
        break;
    default:
        if ((src->format == VELA_FORMAT_YUYV || src->format == VELA_FORMAT_UYVY) && w % 2) return BENCH_UNSUPPORTED;
        cv::cvtColor(wrap(src, 0, h, w, mat_type(src->format)), out, code);
        break;
    }
    if (out.data != target) return bench_fail("OpenCV wrote a new buffer instead of the wrapped one");
    return 0;
}

}  // namespace

extern "C" const char *peer_opencv_version(void) { return CV_VERSION; }

extern "C" int peer_opencv_set_threads(int threads)
{
    cv::setNumThreads(threads);
    return cv::getNumThreads();
}

extern "C" int peer_opencv_convert_format(const vela_image_data *src, const vela_image_data *dst,
                                          const vela_convert_format_params *params)
{
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    if (params) p = *params;
    try {
        if (is_depth(src->format) && is_depth(dst->format)) {
            cv::Mat out = wrap(dst, 0, dst->height, dst->width, mat_type(dst->format));
            const void *target = out.data;
            wrap(src, 0, src->height, src->width, mat_type(src->format))
                .convertTo(out, CV_MAT_DEPTH(mat_type(dst->format)), p.scale, p.offset);
            if (out.data != target) return bench_fail("OpenCV wrote a new buffer instead of the wrapped one");
            return 0;
        }
        if (p.matrix != VELA_COLOR_BT601) return BENCH_UNSUPPORTED;
        if (is_yuv(src->format) && (p.range == VELA_RANGE_FULL || src->format == VELA_FORMAT_NV12_ER))
            return BENCH_UNSUPPORTED;
        for (const pair_code &pc : colour_codes)
            if (pc.src == src->format && pc.dst == dst->format) return colour(src, dst, pc.code);
        return BENCH_UNSUPPORTED;
    } catch (const cv::Exception &e) {
        return bench_fail("OpenCV: %s", e.what());
    }
}

namespace {

// Runs op(src, out) on wrapped buffers; refuses an OpenCV that allocated its own output.
template <typename Op>
int into(const vela_image_data *src, const vela_image_data *dst, Op op)
{
    if (mat_type(src->format) < 0 || mat_type(dst->format) < 0) return BENCH_UNSUPPORTED;
    try {
        cv::Mat out = wrap(dst, 0, dst->height, dst->width, mat_type(dst->format));
        const void *target = out.data;
        op(wrap(src, 0, src->height, src->width, mat_type(src->format)), out);
        if (out.data != target) return bench_fail("OpenCV wrote a new buffer instead of the wrapped one");
        return 0;
    } catch (const cv::Exception &e) {
        return bench_fail("OpenCV: %s", e.what());
    }
}

}  // namespace

extern "C" int peer_opencv_rescale(const vela_image_data *src, const vela_image_data *dst,
                                   const vela_rescale_params *params)
{
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    if (params) p = *params;
    static const int interp[] = { cv::INTER_NEAREST, cv::INTER_LINEAR, cv::INTER_CUBIC, cv::INTER_AREA };
    if ((unsigned)p.interp > 3) return BENCH_UNSUPPORTED;
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) { cv::resize(s, d, d.size(), 0, 0, interp[p.interp]); });
}

extern "C" int peer_opencv_pyr_down(const vela_image_data *src, const vela_image_data *dst,
                                    const vela_pyr_down_params *params)
{
    vela_pyr_down_params p;
    vela_pyr_down_params_default(&p);
    if (params) p = *params;
    int border = p.border == VELA_BORDER_REPLICATE ? cv::BORDER_REPLICATE
                 : p.border == VELA_BORDER_REFLECT ? cv::BORDER_REFLECT : cv::BORDER_REFLECT_101;
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) { cv::pyrDown(s, d, d.size(), border); });
}

extern "C" int peer_opencv_box_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh)
{
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        cv::blur(s, d, cv::Size(kw, kh), cv::Point(-1, -1), cv::BORDER_REPLICATE);
    });
}

extern "C" int peer_opencv_gaussian_filter(const vela_image_data *src, const vela_image_data *dst, int kw, int kh)
{
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        cv::GaussianBlur(s, d, cv::Size(kw, kh), 0, 0, cv::BORDER_REPLICATE);
    });
}

extern "C" int peer_opencv_convolution(const vela_image_data *src, const vela_image_data *dst, const float *kernel,
                                       int kw, int kh)
{
    const cv::Mat k(kh, kw, CV_32F, const_cast<float *>(kernel));
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        cv::filter2D(s, d, -1, k, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    });
}

extern "C" int peer_opencv_separable_convolution(const vela_image_data *src, const vela_image_data *dst,
                                                 const float *kx, int nx, const float *ky, int ny)
{
    const cv::Mat mx(1, nx, CV_32F, const_cast<float *>(kx)), my(ny, 1, CV_32F, const_cast<float *>(ky));
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        cv::sepFilter2D(s, d, -1, mx, my, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    });
}

namespace {

int cv_interp(vela_interp i)
{
    return i == VELA_INTERP_NEAREST ? cv::INTER_NEAREST : i == VELA_INTERP_LINEAR ? cv::INTER_LINEAR : cv::INTER_CUBIC;
}

// The fixed-point maps of the last float map asked for (the bench runs one map at a time).
struct FixedMaps {
    const float *map = nullptr;
    int w = 0, h = 0;
    bool nearest = false;
    cv::Mat m1, m2;
};

}  // namespace

extern "C" int peer_opencv_warp_perspective(const vela_image_data *src, const vela_image_data *dst,
                                            const double matrix[9], vela_interp interp)
{
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        cv::warpPerspective(s, d, cv::Matx33d(matrix), d.size(), cv_interp(interp), cv::BORDER_CONSTANT, cv::Scalar());
    });
}

extern "C" int peer_opencv_remap(const vela_image_data *src, const vela_image_data *dst, const float *map,
                                 int32_t pitch, vela_interp interp)
{
    static FixedMaps fixed;
    const bool nearest = interp == VELA_INTERP_NEAREST;
    return into(src, dst, [&](const cv::Mat &s, cv::Mat &d) {
        if (fixed.map != map || fixed.w != d.cols || fixed.h != d.rows || fixed.nearest != nearest) {
            cv::Mat f(d.rows, d.cols, CV_32FC2, const_cast<float *>(map), (size_t)pitch);
            cv::convertMaps(f, cv::noArray(), fixed.m1, fixed.m2, CV_16SC2, nearest);
            fixed.map = map, fixed.w = d.cols, fixed.h = d.rows, fixed.nearest = nearest;
        }
        cv::remap(s, d, fixed.m1, fixed.m2, cv_interp(interp), cv::BORDER_CONSTANT, cv::Scalar());
    });
}
