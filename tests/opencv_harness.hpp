// What the OpenCV parity suites share: images are cv::Mats, ROIs of larger Mats poisoned around
// them (padded steps, unaligned starts), handed to vela through the bridge (vela/opencv.h) so that
// OpenCV and vela read and write the very same memory.
#ifndef VT_OPENCV_HARNESS_HPP
#define VT_OPENCV_HARNESS_HPP

// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#include <opencv2/core.hpp>

#include <cstddef>

#include <vela/opencv.h>

// The Mat type OpenCV keeps `format` in, as the bridge defines it.
int vt_mat_type(vela_format format);

// The Mat holding a w x h image of `format`: the region at (x, 1) of a larger Mat `parent` whose
// bytes are all VT_POISON. I420 is a whole Mat of its own: OpenCV packs its chroma rows, so it has
// no step; NV12 is (3h/2) rows as OpenCV stores it.
cv::Mat vt_make_mat(vela_format format, int w, int h, int x, cv::Mat *parent);

// Bytes of `parent` outside `roi` that no longer hold the poison.
size_t vt_written_outside(const cv::Mat &parent, const cv::Mat &roi);

// Random pixels; floats in [-2, 258] so that U8-like values and fractions both occur.
void vt_fill_mat(cv::Mat &m);

// The largest absolute difference over every channel.
double vt_max_diff(const cv::Mat &expected, const cv::Mat &got);

// The same, relative to max(1, |expected|) for floats; NaN counts as a difference. U8, S16, F32.
double vt_max_rel_diff(const cv::Mat &expected, const cv::Mat &got);

// `m` as a vela image for the CPU backend, without a copy (the suite fails if the bridge refuses).
vela_image *vt_wrap_mat(const cv::Mat &m, vela_format format);

#endif
