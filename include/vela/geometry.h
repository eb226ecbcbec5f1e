/* Geometric parameters shared by warps, warp maps and the OpenCV bridge: 3x3 matrices and lens
 * distortion models. */
#ifndef VELA_GEOMETRY_H
#define VELA_GEOMETRY_H

#include <vela/export.h>

VELA_BEGIN_DECLS

/* Row-major 3x3: homographies (x' = (m00 x + m01 y + m02) / (m20 x + m21 y + m22)), camera
 * matrices [[fx, s, cx], [0, fy, cy], [0, 0, 1]], rotations. Double, as OpenCV evaluates them. */
typedef struct vela_matrix3 {
    double m[3][3];
} vela_matrix3;

/* Brown-Conrady with rational radial terms:
 *   kr = (1 + k1 r^2 + k2 r^4 + k3 r^6) / (1 + k4 r^2 + k5 r^4 + k6 r^6)
 *   xd = x kr + 2 p1 x y + p2 (r^2 + 2 x^2),  yd = y kr + p1 (r^2 + 2 y^2) + 2 p2 x y
 * (OpenCV orders the coefficients k1, k2, p1, p2, k3, k4, k5, k6; the bridge converts.) */
typedef struct vela_lens_polynomial {
    double k1, k2, k3, k4, k5, k6, p1, p2;
} vela_lens_polynomial;

typedef enum vela_fisheye_mapping {
    VELA_FISHEYE_EQUIDISTANT = 0,   /* r = f theta (OpenCV's fisheye model) */
    VELA_FISHEYE_EQUISOLID = 1,     /* r = 2 f sin(theta / 2) */
    VELA_FISHEYE_ORTHOGRAPHIC = 2,  /* r = f sin(theta) */
    VELA_FISHEYE_STEREOGRAPHIC = 3  /* r = 2 f tan(theta / 2) */
} vela_fisheye_mapping;

/* theta_d = theta (1 + k1 theta^2 + k2 theta^4 + k3 theta^6 + k4 theta^8), then the mapping. */
typedef struct vela_lens_fisheye {
    double k1, k2, k3, k4;
    vela_fisheye_mapping mapping;
} vela_lens_fisheye;

VELA_END_DECLS

#endif
