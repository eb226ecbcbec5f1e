// OpenCV's parameters in vela's types: border types, interpolation flags, 3x3 matrices, camera
// calibration (pinhole with Brown-Conrady distortion, and fisheye).
#include "opencv/bridge.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace {

const struct {
    int cv;
    vela_border vela;
} borders[] = {
    { cv::BORDER_CONSTANT, VELA_BORDER_CONSTANT },     { cv::BORDER_REPLICATE, VELA_BORDER_REPLICATE },
    { cv::BORDER_REFLECT, VELA_BORDER_REFLECT },       { cv::BORDER_REFLECT_101, VELA_BORDER_REFLECT_101 },
    { cv::BORDER_TRANSPARENT, VELA_BORDER_TRANSPARENT },
};

const struct {
    int cv;
    vela_interp vela;
} interps[] = {
    { cv::INTER_NEAREST, VELA_INTERP_NEAREST },
    { cv::INTER_LINEAR, VELA_INTERP_LINEAR },
    { cv::INTER_CUBIC, VELA_INTERP_CUBIC },
    { cv::INTER_AREA, VELA_INTERP_AREA },
};

// A single-channel CV_32F or CV_64F Mat's values in row order, after checking its shape.
vela_status read_values(const char *name, const cv::Mat &m, bool vector, std::vector<double> *values)
{
    if (m.dims != 2 || m.channels() != 1 || (m.depth() != CV_32F && m.depth() != CV_64F))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s must be a single-channel CV_32F or CV_64F Mat",
                       vl_cv::describe(name, m).c_str());
    if (vector && m.rows != 1 && m.cols != 1)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s must be a row or a column vector", vl_cv::describe(name, m).c_str());
    cv::Mat d;
    m.convertTo(d, CV_64F);  // continuous, whatever the source's step
    values->assign(d.ptr<double>(), d.ptr<double>() + d.total());
    for (size_t i = 0; i < values->size(); i++)
        if (!std::isfinite((*values)[i]))
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s: element %zu is %g", vl_cv::describe(name, m).c_str(), i, (*values)[i]);
    return VELA_OK;
}

vela_status read_matrix3(const char *name, const void *mat, vela_matrix3 *matrix)
{
    if (!mat) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s is NULL", name);
    const cv::Mat &m = *static_cast<const cv::Mat *>(mat);
    std::vector<double> v;
    vela_status st = read_values(name, m, false, &v);
    if (st != VELA_OK) return st;
    if (m.rows != 3 || m.cols != 3)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s must be 3x3", vl_cv::describe(name, m).c_str());
    for (int i = 0; i < 9; i++) matrix->m[i / 3][i % 3] = v[(size_t)i];
    return VELA_OK;
}

vela_status read_camera_matrix(const void *mat, vela_matrix3 *matrix)
{
    vela_matrix3 k;
    vela_status st = read_matrix3("camera_matrix", mat, &k);
    if (st != VELA_OK) return st;
    if (k.m[2][0] != 0 || k.m[2][1] != 0 || k.m[2][2] != 1)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "camera_matrix's last row is (%g, %g, %g), not (0, 0, 1)",
                       k.m[2][0], k.m[2][1], k.m[2][2]);
    if (k.m[1][0] != 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "camera_matrix[1][0] is %g, not 0", k.m[1][0]);
    if (k.m[0][0] == 0 || k.m[1][1] == 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "camera_matrix's focal lengths (%g, %g) must not be 0", k.m[0][0], k.m[1][1]);
    if (matrix) *matrix = k;
    return VELA_OK;
}

}  // namespace

vela_status vela_opencv_border(int cv_border, vela_border *border)
{
    if (!border) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "border is NULL");
    const int type = cv_border & ~cv::BORDER_ISOLATED;
    for (const auto &b : borders)
        if (b.cv == type) {
            *border = b.vela;
            return VELA_OK;
        }
    if (type == cv::BORDER_WRAP)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_border %d (BORDER_WRAP) has no vela equivalent", cv_border);
    return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_border %d is not a cv::BorderTypes value", cv_border);
}

vela_status vela_opencv_border_to_cv(vela_border border, int *cv_border)
{
    if (!cv_border) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_border is NULL");
    const int v = vl_cv::enum_value(border);
    for (const auto &b : borders)
        if (b.vela == v) {
            *cv_border = b.cv;
            return VELA_OK;
        }
    return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "border %d is not a vela_border", v);
}

vela_status vela_opencv_interp(int cv_flags, vela_interp *interp, int *inverse_map)
{
    if (!interp) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "interp is NULL");
    const int inverse = cv_flags & cv::WARP_INVERSE_MAP;
    if (cv_flags & ~(cv::INTER_MAX | cv::WARP_INVERSE_MAP))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "cv_flags 0x%x has bits other than the interpolation and WARP_INVERSE_MAP (0x%x)",
                       (unsigned)cv_flags, (unsigned)(cv_flags & ~(cv::INTER_MAX | cv::WARP_INVERSE_MAP)));
    if (inverse && !inverse_map)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_flags has WARP_INVERSE_MAP, but inverse_map is NULL");
    int method = cv_flags & cv::INTER_MAX;
    if (method == cv::INTER_LINEAR_EXACT) method = cv::INTER_LINEAR;
    for (const auto &i : interps)
        if (i.cv == method) {
            *interp = i.vela;
            if (inverse_map) *inverse_map = inverse ? 1 : 0;
            return VELA_OK;
        }
    const char *name = method == cv::INTER_LANCZOS4 ? " (INTER_LANCZOS4)" : method == 6 ? " (INTER_NEAREST_EXACT)" : "";
    return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_flags 0x%x: interpolation %d%s has no vela equivalent",
                   (unsigned)cv_flags, method, name);
}

vela_status vela_opencv_interp_to_cv(vela_interp interp, int *cv_interp)
{
    if (!cv_interp) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cv_interp is NULL");
    const int v = vl_cv::enum_value(interp);
    for (const auto &i : interps)
        if (i.vela == v) {
            *cv_interp = i.cv;
            return VELA_OK;
        }
    return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "interp %d is not a vela_interp", v);
}

vela_status vela_opencv_matrix3(const void *mat, vela_matrix3 *matrix)
{
    return vl_cv::guard(__func__, [&] {
        if (!matrix) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "matrix is NULL");
        vela_matrix3 m;
        vela_status st = read_matrix3("mat", mat, &m);
        if (st == VELA_OK) *matrix = m;
        return st;
    });
}

vela_status vela_opencv_camera(const void *camera_matrix, const void *dist_coeffs, vela_matrix3 *matrix,
                               vela_lens_polynomial *lens)
{
    return vl_cv::guard(__func__, [&] {
        vela_matrix3 k;
        vela_status st = read_camera_matrix(camera_matrix, &k);
        if (st != VELA_OK) return st;
        std::vector<double> d;
        if (dist_coeffs && !static_cast<const cv::Mat *>(dist_coeffs)->empty()) {
            const cv::Mat &m = *static_cast<const cv::Mat *>(dist_coeffs);
            if ((st = read_values("dist_coeffs", m, true, &d)) != VELA_OK) return st;
            const size_t n = d.size();
            if (n != 4 && n != 5 && n != 8 && n != 12 && n != 14)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s has %zu coefficients; OpenCV's models have 4, 5, 8, 12 or 14",
                               vl_cv::describe("dist_coeffs", m).c_str(), n);
            for (size_t i = 8; i < n; i++)
                if (d[i] != 0)
                    return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                                   "dist_coeffs[%zu] is %g: the %s terms have no vela equivalent and must be 0", i, d[i],
                                   i < 12 ? "thin-prism (s1..s4)" : "tilt (tauX, tauY)");
        }
        d.resize(8, 0.0);
        if (matrix) *matrix = k;
        if (lens) *lens = { d[0], d[1], d[4], d[5], d[6], d[7], d[2], d[3] };  // k1..k6, then p1, p2
        return VELA_OK;
    });
}

vela_status vela_opencv_camera_fisheye(const void *camera_matrix, const void *dist_coeffs, vela_matrix3 *matrix,
                                       vela_lens_fisheye *lens)
{
    return vl_cv::guard(__func__, [&] {
        vela_matrix3 k;
        vela_status st = read_camera_matrix(camera_matrix, &k);
        if (st != VELA_OK) return st;
        std::vector<double> d(4, 0.0);
        if (dist_coeffs && !static_cast<const cv::Mat *>(dist_coeffs)->empty()) {
            const cv::Mat &m = *static_cast<const cv::Mat *>(dist_coeffs);
            if ((st = read_values("dist_coeffs", m, true, &d)) != VELA_OK) return st;
            if (d.size() != 4)
                return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s has %zu coefficients; cv::fisheye's D has 4 (k1..k4)",
                               vl_cv::describe("dist_coeffs", m).c_str(), d.size());
        }
        if (matrix) *matrix = k;
        if (lens) *lens = { d[0], d[1], d[2], d[3], VELA_FISHEYE_EQUIDISTANT };
        return VELA_OK;
    });
}
