/* Test helpers on the CUDA runtime, for the CUDA suites: device memory laid out by the test, as an
 * application that hands vela its own cudaMalloc'd frames has it. */
#ifndef VT_CUDA_HARNESS_H
#define VT_CUDA_HARNESS_H

#include "harness.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The planes of a width x height image of `format` in cudaMallocPitch memory, holding the pixels
 * of `host` (an image of that format and size) or, when it is NULL, undefined ones. */
vela_image_data vt_device_alloc(vela_format format, int32_t width, int32_t height, const vela_image_data *host);
void vt_device_free(vela_image_data *data);

#ifdef __cplusplus
}
#endif

#endif
