/* Perspective warp, plain C: the oracle for NEON and CUDA. Each pixel's source point is computed
 * as cv::warpPerspective computes it (double, from its block's start), then sampled by remap's
 * reference sampler. */
#include "common/warp_perspective.h"

#include <math.h>

void vl_warp_points_ref(const vl_warp_plane *p, int32_t y, int32_t x0, int32_t x1, int16_t *xy, uint16_t *a)
{
    const double *M = p->m;
    const int nearest = p->sampler.interp == VELA_INTERP_NEAREST;
    const double scale = nearest ? 1.0 : (double)VL_INTER_SIZE;
    for (int32_t x = x0; x < x1; x++) {
        int32_t xb = x - x % p->block, d = x - xb;
        double X0 = M[0] * xb + M[1] * y + M[2];
        double Y0 = M[3] * xb + M[4] * y + M[5];
        double W0 = M[6] * xb + M[7] * y + M[8];
        double W = W0 + M[6] * d;
        W = W != 0 ? scale / W : 0;
        int32_t X = vl_round_sat((X0 + M[0] * d) * W), Y = vl_round_sat((Y0 + M[3] * d) * W);
        int16_t *e = xy + 2 * (x - x0);
        if (nearest) {
            e[0] = vl_sat_s16(X);
            e[1] = vl_sat_s16(Y);
            a[x - x0] = 0;
        } else {
            e[0] = vl_sat_s16(X >> VL_INTER_BITS);
            e[1] = vl_sat_s16(Y >> VL_INTER_BITS);
            a[x - x0] = (uint16_t)((X & (VL_INTER_SIZE - 1)) | (Y & (VL_INTER_SIZE - 1)) << VL_INTER_BITS);
        }
    }
}

#define CHUNK 256

vela_status vl_warp_perspective_ref(const vl_warp_plan *plan, const vela_image_data *src, const vela_image_data *dst,
                                    int32_t y0, int32_t y1)
{
    int16_t xy[2 * CHUNK];
    uint16_t a[CHUNK];
    for (int p = 0; p < plan->num_planes; p++) {
        const vl_warp_plane *wp = &plan->plane[p];
        int32_t bytes = vl_sampler_pixel_bytes(&wp->sampler);
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > wp->height) r1 = wp->height;
        for (int32_t y = r0; y < r1; y++) {
            uint8_t *row = (uint8_t *)dst->planes[p].data + (int64_t)y * dst->planes[p].pitch;
            for (int32_t x = 0; x < wp->width; x += CHUNK) {
                int32_t n = wp->width - x < CHUNK ? wp->width - x : CHUNK;
                vl_warp_points_ref(wp, y, x, x + n, xy, a);
                vl_sample_row_ref(&wp->sampler, &src->planes[p], xy, a, row + (int64_t)x * bytes, 0, n);
            }
        }
    }
    return VELA_OK;
}
