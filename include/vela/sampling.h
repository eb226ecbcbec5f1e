/* How pixels outside an image and between pixels are read: border modes and interpolation. */
#ifndef VELA_SAMPLING_H
#define VELA_SAMPLING_H

#include <vela/export.h>

VELA_BEGIN_DECLS

/* Border modes, with OpenCV's pictures (|abcd| is the row) and VPI's names as aliases. */
typedef enum vela_border {
    VELA_BORDER_CONSTANT = 0,    /* iii|abcd|iii with the given value (0 by default) */
    VELA_BORDER_REPLICATE = 1,   /* aaa|abcd|ddd */
    VELA_BORDER_REFLECT = 2,     /* cba|abcd|dcb */
    VELA_BORDER_REFLECT_101 = 3, /* dcb|abcd|cba, OpenCV's default for filters */
    VELA_BORDER_TRANSPARENT = 4  /* warps only: destination pixels mapped outside are left as is */
} vela_border;

#define VELA_BORDER_ZERO VELA_BORDER_CONSTANT   /* VPI: constant with value 0 */
#define VELA_BORDER_CLAMP VELA_BORDER_REPLICATE
#define VELA_BORDER_MIRROR VELA_BORDER_REFLECT_101

typedef enum vela_interp {
    VELA_INTERP_NEAREST = 0,
    VELA_INTERP_LINEAR = 1,
    VELA_INTERP_CUBIC = 2,   /* Keys, a = -0.75, as OpenCV */
    VELA_INTERP_AREA = 3     /* resize only */
} vela_interp;

VELA_END_DECLS

#endif
