/* What the rescale and pyramid suites (CPU, CUDA) share. */
#ifndef VT_RESAMPLE_CASES_H
#define VT_RESAMPLE_CASES_H

#include <stdint.h>
#include <vela/vela.h>

#include "harness.h"

/* Random pixels; F32 ones finite, multiples of 1/64 within +-1562.5 (random bits would bring NaNs,
 * which compare unequal and whose payloads the backends may carry differently). */
static inline void vt_resample_fill(const vela_image_data *d)
{
    vt_fill_data(d);
    if (d->format != VELA_FORMAT_F32) return;
    for (int32_t y = 0; y < d->height; y++) {
        float *r = (float *)((uint8_t *)d->planes[0].data + (size_t)y * d->planes[0].pitch);
        for (int32_t x = 0; x < d->width; x++) r[x] = (float)((int32_t)(vt_rand() % 200000) - 100000) / 64.0f;
    }
}

#endif
