/* The OpenCV 4 bridge: cv::Mat <-> vela_image without copies, and OpenCV's parameters (border
 * types, interpolation flags, camera calibration, homographies) in vela's types.
 *
 * A separate library, built when OpenCV 4 is found: link vela_opencv (pkg-config vela_opencv,
 * CMake vela::vela_opencv). vela itself never links OpenCV, and this header includes no OpenCV
 * header: OpenCV objects travel as opaque pointers, `const void *mat` being a `const cv::Mat *`
 * and `void *mat` a `cv::Mat *` the function assigns. Needs OpenCV 4.1 or later (JetPack 4).
 *
 * Formats. A Mat's depth and channels give the format; `format` may ask for another reading of the
 * same bytes (VELA_FORMAT_INVALID: the default):
 *
 *   CV_8UC1  U8 (default), NV12 / NV12_ER / I420 as OpenCV's (3H/2) x W single Mat (W, H even;
 *            I420 only when continuous, its chroma rows having no pitch otherwise: copy it then)
 *   CV_8SC1  S8         CV_16UC1 U16     CV_16SC1 S16     CV_32SC1 S32
 *   CV_16FC1 F16        CV_32FC1 F32
 *   CV_8UC2  YUYV or UYVY, on request only (W even)
 *   CV_8UC3  BGR8 (default), RGB8       CV_8UC4  BGRA8 (default), RGBA8
 *   CV_16SC2 2S16 (maps)                CV_32FC2 2F32 (maps, flow)
 *
 * Anything else (CV_64F, 3 or 5+ channels of other depths, more than 2 dimensions, an empty Mat)
 * fails with VELA_ERROR_INVALID_IMAGE_FORMAT or VELA_ERROR_INVALID_ARGUMENT and a message naming
 * the Mat's type and shape.
 *
 * Ownership. A wrapper holds a copy of the Mat's header, which keeps a refcounted buffer alive:
 * the caller may release or reassign its Mat at once, and the pixels stay until the image is
 * destroyed or vela_opencv_set_mat points it elsewhere (after the work pending on it). A Mat built
 * on the caller's own pointer (cv::Mat(rows, cols, type, data)) has no refcount: that memory must
 * outlive the image, as with vela_image_wrap_host. A Mat exported from an image
 * (vela_opencv_lock_mat) owns nothing and is valid until vela_image_unlock. Writing into a
 * wrapped Mat while vela works on it is a race, as for any wrapped memory.
 *
 * ROIs. A Mat that is a region of a larger one (non-continuous) is wrapped with its step as the
 * pitch. Addresses and steps must be multiples of the element size (2 for U16, 4 for F32), as vela
 * requires; Mats that OpenCV allocates always are.
 *
 * In OpenCV parity tests of the algorithm families: make the inputs and outputs cv::Mats (ROIs of
 * larger Mats to get padded pitches and offsets), wrap them with vela_opencv_wrap_mat (or
 * vela::Image in vela.hpp), run vela and OpenCV on the same Mats and compare with cv::norm;
 * convert the test's border and interpolation with vela_opencv_border_to_cv /
 * vela_opencv_interp_to_cv, and matrices with vela_opencv_matrix3 or cv::Mat(3, 3, CV_64F, m.m).
 * Register the suite with vela_opencv_test(...) in tests/CMakeLists.txt (it links the bridge);
 * tests/test_convert_format_opencv.cpp is the model. */
#ifndef VELA_OPENCV_H
#define VELA_OPENCV_H

#include <stdint.h>
#include <vela/export.h>
#include <vela/geometry.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/status.h>

VELA_BEGIN_DECLS

/* ---- Mats as images ------------------------------------------------------------------------ */

/* The format vela_opencv_wrap_mat would give `mat` (a const cv::Mat *) when asked for `format`,
 * or the status and message with which it would refuse the Mat. */
VELA_API vela_status vela_opencv_format_of(const void *mat, vela_format format, vela_format *result);

/* Wraps `mat` (a const cv::Mat *) as an image without copying; see above for formats and
 * ownership. `backends` as for vela_image_wrap_host. */
VELA_API vela_status vela_opencv_wrap_mat(const void *mat, vela_format format, uint32_t backends,
                                          vela_image **image);

/* Points a host wrapper (made by vela_opencv_wrap_mat or vela_image_wrap_host) at a new Mat, for
 * the next frame, without re-creating it; size and format may change. Waits for the work pending
 * on the image, then lets go of the previous Mat. */
VELA_API vela_status vela_opencv_set_mat(vela_image *image, const void *mat, vela_format format);

/* ---- images as Mats ------------------------------------------------------------------------ */

/* Points `mat` (a cv::Mat *) at the pixels described by `data` (a locked image's host side), no
 * copy: CV_8UC3 for RGB8 and BGR8, CV_8UC2 for YUYV / UYVY, and so on as above (U32 has no Mat
 * type). NV12 and I420 become the (3H/2) x W Mat OpenCV uses when their planes are laid out that
 * way (images vela allocates are, for NV12 of even size; I420 rarely): otherwise the call fails
 * and vela_opencv_copy_to_mat is the way. */
VELA_API vela_status vela_opencv_data_to_mat(const vela_image_data *data, void *mat);

/* Locks `image` on the host with `mode` and points `mat` (a cv::Mat *) at its pixels, as above.
 * The Mat is valid until vela_image_unlock(image). On failure the image is left unlocked. */
VELA_API vela_status vela_opencv_lock_mat(vela_image *image, vela_lock_mode mode, void *mat);

/* ---- copies, for layouts OpenCV stores differently ----------------------------------------- */

/* Copies `mat` (a const cv::Mat *) into `image` (locked for writing on the host meanwhile). The
 * Mat must be what vela_opencv_mat_create makes for the image's size and format: NV12 and I420
 * as a (3H/2) x W CV_8UC1 Mat (any step: I420's chroma rows are read the way OpenCV reads them),
 * other formats with their Mat type. */
VELA_API vela_status vela_opencv_copy_from_mat(const void *mat, vela_image *image);

/* Copies `image` into `mat` (a cv::Mat *), which is (re)allocated to the shape above unless it
 * already has it (then its buffer, ROI or not, is written in place). */
VELA_API vela_status vela_opencv_copy_to_mat(vela_image *image, void *mat);

/* ---- OpenCV parameters ---------------------------------------------------------------------- */

/* cv::BORDER_CONSTANT, REPLICATE, REFLECT, REFLECT_101 (BORDER_DEFAULT), TRANSPARENT -> vela.
 * BORDER_ISOLATED is accepted and dropped: vela never reads outside an image, ROI or not, so it
 * always behaves as isolated. BORDER_WRAP has no vela equivalent. */
VELA_API vela_status vela_opencv_border(int cv_border, vela_border *border);
VELA_API vela_status vela_opencv_border_to_cv(vela_border border, int *cv_border);

/* cv::INTER_NEAREST, LINEAR (and LINEAR_EXACT: the same bilinear sampling), CUBIC, AREA -> vela.
 * cv::WARP_INVERSE_MAP is reported in *inverse_map (1 or 0); it is an error when inverse_map is
 * NULL and the flag is set, so that it cannot be lost. Other flags are rejected. */
VELA_API vela_status vela_opencv_interp(int cv_flags, vela_interp *interp, int *inverse_map);
VELA_API vela_status vela_opencv_interp_to_cv(vela_interp interp, int *cv_interp);

/* A 3x3 single-channel CV_32F or CV_64F Mat (a homography, a rotation) to a vela_matrix3. */
VELA_API vela_status vela_opencv_matrix3(const void *mat, vela_matrix3 *matrix);

/* A camera matrix [[fx, s, cx], [0, fy, cy], [0, 0, 1]] and distortion coefficients in OpenCV's
 * order (k1, k2, p1, p2[, k3[, k4, k5, k6[, s1..s4[, tx, ty]]]]: 4, 5, 8, 12 or 14 values, a row
 * or column vector of CV_32F or CV_64F; NULL or empty: no distortion) to vela's types. The
 * thin-prism (s1..s4) and tilt (tx, ty) terms have no vela equivalent: they must be 0. Either
 * output may be NULL. The skew s is copied, though OpenCV's projection and undistortion ignore it. */
VELA_API vela_status vela_opencv_camera(const void *camera_matrix, const void *dist_coeffs,
                                        vela_matrix3 *matrix, vela_lens_polynomial *lens);

/* The same for cv::fisheye: K and D = (k1, k2, k3, k4), equidistant mapping. */
VELA_API vela_status vela_opencv_camera_fisheye(const void *camera_matrix, const void *dist_coeffs,
                                                vela_matrix3 *matrix, vela_lens_fisheye *lens);

/* ---- Mats for C callers --------------------------------------------------------------------- */

/* A new cv::Mat (returned as void *) of the shape a width x height image of `format` has in
 * OpenCV (above); 0 x 0 with VELA_FORMAT_INVALID gives an empty Mat, for functions that fill one. */
VELA_API vela_status vela_opencv_mat_create(int32_t width, int32_t height, vela_format format,
                                            void **mat);
/* A new cv::Mat sharing `mat`'s pixels: the rectangle at (x, y) of width x height. */
VELA_API vela_status vela_opencv_mat_roi(const void *mat, int32_t x, int32_t y, int32_t width,
                                         int32_t height, void **roi);
/* Deletes a Mat made by the two functions above. NULL is a no-op. */
VELA_API void vela_opencv_mat_destroy(void *mat);

VELA_END_DECLS

#endif
