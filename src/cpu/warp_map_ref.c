/* The models behind the warp-map generators, in double as OpenCV evaluates them
 * (cv::initUndistortRectifyMap, cv::fisheye::initUndistortRectifyMap); the control points are
 * then stored as float. */
#include "common/warp_map.h"

#include <math.h>

void vl_eval_homography(const double m[9], double x, double y, float out[2])
{
    double w = m[6] * x + m[7] * y + m[8];
    w = w != 0 ? 1. / w : 0;
    out[0] = (float)((m[0] * x + m[1] * y + m[2]) * w);
    out[1] = (float)((m[3] * x + m[4] * y + m[5]) * w);
}

/* The image radius of a fisheye ray at (distorted) angle t, in focal lengths. */
static double fisheye_radius(vela_fisheye_mapping mapping, double t)
{
    switch (mapping) {
    case VELA_FISHEYE_EQUISOLID: return 2 * sin(t / 2);
    case VELA_FISHEYE_ORTHOGRAPHIC: return sin(t);
    case VELA_FISHEYE_STEREOGRAPHIC: return 2 * tan(t / 2);
    default: return t;
    }
}

void vl_eval_lens(const vl_lens_eval *e, double u, double v, float out[2])
{
    const double *ir = e->ir;
    double X = ir[0] * u + ir[1] * v + ir[2], Y = ir[3] * u + ir[4] * v + ir[5], W = ir[6] * u + ir[7] * v + ir[8];
    double xd, yd;
    if (!e->fisheye) {
        const vela_lens_polynomial *k = &e->poly;
        double w = 1. / W, x = X * w, y = Y * w;
        double x2 = x * x, y2 = y * y, r2 = x2 + y2, xy2 = 2 * x * y;
        double kr = (1 + ((k->k3 * r2 + k->k2) * r2 + k->k1) * r2) / (1 + ((k->k6 * r2 + k->k5) * r2 + k->k4) * r2);
        xd = x * kr + k->p1 * xy2 + k->p2 * (r2 + 2 * x2);
        yd = y * kr + k->p1 * (r2 + 2 * y2) + k->p2 * xy2;
    } else {
        if (W <= 0) {  /* behind the camera: no pixel sees it */
            out[0] = out[1] = NAN;
            return;
        }
        const vela_lens_fisheye *k = &e->fish;
        double x = X / W, y = Y / W, r = sqrt(x * x + y * y), t = atan(r);
        double t2 = t * t, t4 = t2 * t2, t6 = t4 * t2, t8 = t4 * t4;
        double td = t * (1 + k->k1 * t2 + k->k2 * t4 + k->k3 * t6 + k->k4 * t8);
        double scale = r == 0 ? 1.0 : fisheye_radius(k->mapping, td) / r;
        xd = x * scale;
        yd = y * scale;
    }
    out[0] = (float)(e->fx * xd + e->skew * yd + e->cx);
    out[1] = (float)(e->fy * yd + e->cy);
}
