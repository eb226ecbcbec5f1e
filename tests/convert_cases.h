/* The conversions the convert-format suites run, shared by the CPU and CUDA suites. */
#ifndef VT_CONVERT_CASES_H
#define VT_CONVERT_CASES_H

#include <vela/vela.h>

static const vela_format vt_convert_formats[] = {
    VELA_FORMAT_U8, VELA_FORMAT_S16, VELA_FORMAT_U16, VELA_FORMAT_F16, VELA_FORMAT_F32,
    VELA_FORMAT_RGB8, VELA_FORMAT_BGR8, VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8,
    VELA_FORMAT_NV12, VELA_FORMAT_NV12_ER, VELA_FORMAT_I420, VELA_FORMAT_YUYV, VELA_FORMAT_UYVY,
    VELA_FORMAT_S8, VELA_FORMAT_2F32,
};
#define VT_NUM_CONVERT_FORMATS ((int)(sizeof vt_convert_formats / sizeof vt_convert_formats[0]))

/* Scale and offset pairs for bit-depth conversions: identity, ties, negative, overflowing. */
static const float vt_depth_params[][2] = {
    { 1.0f, 0.0f }, { 0.5f, 0.0f }, { 1.0f / 255.0f, 0.0f }, { 255.0f, 0.5f },
    { -3.0f, 100.25f }, { 1e6f, -1e3f }, { 1.0f / 256.0f, -0.5f },
};
#define VT_NUM_DEPTH_PARAMS ((int)(sizeof vt_depth_params / sizeof vt_depth_params[0]))

#endif
