/* Internal: where a coordinate outside [0, n) reads from under each border mode, as OpenCV's
 * borderInterpolate: -1 for CONSTANT (and TRANSPARENT), which read the border value instead. */
#ifndef VL_BORDER_H
#define VL_BORDER_H

#include <stdint.h>
#include <vela/sampling.h>

static inline int32_t vl_border_index(vela_border border, int32_t i, int32_t n)
{
    if ((uint32_t)i < (uint32_t)n) return i;
    switch (border) {
    case VELA_BORDER_REPLICATE: return i < 0 ? 0 : n - 1;
    case VELA_BORDER_REFLECT:
    case VELA_BORDER_REFLECT_101: {
        if (n == 1) return 0;
        int32_t delta = border == VELA_BORDER_REFLECT_101;
        do {  /* folds repeatedly, for kernels wider than the image */
            if (i < 0) i = -i - 1 + delta;
            else i = n - 1 - (i - n) - delta;
        } while ((uint32_t)i >= (uint32_t)n);
        return i;
    }
    default: return -1;
    }
}

#endif
