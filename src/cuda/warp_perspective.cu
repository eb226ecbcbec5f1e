/* Perspective warp on CUDA: byte-identical to src/cpu/warp_perspective_ref.c.
 *
 * Each thread warps a run of 4 destination pixels of a row: their source points are computed in
 * double exactly as the reference (and cv::warpPerspective) computes them, from the start of
 * OpenCV's block, each operation rounded on its own (no fused multiply-add), then sampled by the
 * sampler remap uses. */
#include "cuda/sampler.cuh"

extern "C" {
#include "common/gpu.h"
#include "common/status.h"
#include "common/warp_perspective.h"
}

namespace {

using namespace vl_cuda;

struct Homography {
    double m[9];
    int block, width, height;
};

struct Dest {
    uint8_t *data;
    int pitch;
};

/* round half to even; the hardware conversion saturates, as the reference's clamp does (the plan
 * guarantees no NaN). */
__device__ __forceinline__ int round_sat(double v) { return __double2int_rn(v); }

__device__ __forceinline__ int sat_s16(int v) { return min(max(v, -32768), 32767); }

template <typename T, int CN, int INTERP>
__global__ void __launch_bounds__(256) warp_kernel(Source s, Homography h, Dest d, int runs)
{
    const int run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (run >= runs) return;
    const int x0 = run * RUN, n = min(RUN, h.width - x0);
    const double *M = h.m;
    const bool nearest = INTERP == VELA_INTERP_NEAREST;
    for (int y = (int)(blockIdx.y * blockDim.y + threadIdx.y); y < h.height; y += (int)(gridDim.y * blockDim.y)) {
        int sx[RUN], sy[RUN];
        unsigned a[RUN];
        int xb = -1;
        double X0 = 0, Y0 = 0, W0 = 0;
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            const int x = x0 + min(k, n - 1);  /* past the row's end: a copy of its last pixel, not stored */
            if (x - x % h.block != xb) {
                xb = x - x % h.block;
                X0 = __dadd_rn(__dadd_rn(__dmul_rn(M[0], (double)xb), __dmul_rn(M[1], (double)y)), M[2]);
                Y0 = __dadd_rn(__dadd_rn(__dmul_rn(M[3], (double)xb), __dmul_rn(M[4], (double)y)), M[5]);
                W0 = __dadd_rn(__dadd_rn(__dmul_rn(M[6], (double)xb), __dmul_rn(M[7], (double)y)), M[8]);
            }
            const double dd = (double)(x - xb);
            const double W = __dadd_rn(W0, __dmul_rn(M[6], dd));
            /* 32 / W is 32 (1 / W) exactly (a power of two; W never so large that 1 / W is subnormal). */
            const double r = W != 0 ? (nearest ? __drcp_rn(W) : __dmul_rn(32.0, __drcp_rn(W))) : 0.0;
            const int X = round_sat(__dmul_rn(__dadd_rn(X0, __dmul_rn(M[0], dd)), r));
            const int Y = round_sat(__dmul_rn(__dadd_rn(Y0, __dmul_rn(M[3], dd)), r));
            if (nearest) {
                sx[k] = sat_s16(X);
                sy[k] = sat_s16(Y);
                a[k] = 0;
            } else {
                sx[k] = sat_s16(X >> 5);
                sy[k] = sat_s16(Y >> 5);
                a[k] = (unsigned)(X & 31) | (unsigned)(Y & 31) << 5;
            }
        }
        sample_run<T, CN, INTERP>(s, sx, sy, a, n, d.data + (long long)y * d.pitch + (long long)x0 * CN * (int)sizeof(T));
    }
}

template <typename T, int CN>
void launch(vela_interp interp, const Source &s, const Homography &h, const Dest &d, cudaStream_t stream)
{
    const int runs = (h.width + RUN - 1) / RUN;
    const Geometry g = geometry_2d(runs, h.height);
    switch (interp) {
    case VELA_INTERP_NEAREST: warp_kernel<T, CN, VELA_INTERP_NEAREST><<<g.grid, g.block, 0, stream>>>(s, h, d, runs); break;
    case VELA_INTERP_LINEAR: warp_kernel<T, CN, VELA_INTERP_LINEAR><<<g.grid, g.block, 0, stream>>>(s, h, d, runs); break;
    default: warp_kernel<T, CN, VELA_INTERP_CUBIC><<<g.grid, g.block, 0, stream>>>(s, h, d, runs); break;
    }
}

}  // namespace

extern "C" vela_status vl_warp_perspective_cuda(const vl_warp_plan *plan, const vela_image_data *src,
                                                const vela_image_data *dst, void *gpu_stream)
{
    const void *ci = NULL, *cf = NULL;
    if (plan->plane[0].sampler.interp == VELA_INTERP_CUBIC) {
        vela_status st = vl_cuda_interp_tables(&ci, &cf, gpu_stream);
        if (st != VELA_OK) return st;
    }
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    for (int p = 0; p < plan->num_planes; p++) {
        const vl_warp_plane &wp = plan->plane[p];
        const vl_sampler &sm = wp.sampler;
        if (wp.width <= 0 || wp.height <= 0) continue;
        const Source s = make_source(sm, src->planes[p], ci, cf);
        Homography h;
        memcpy(h.m, wp.m, sizeof h.m);
        h.block = wp.block;
        h.width = wp.width;
        h.height = wp.height;
        const Dest d = { static_cast<uint8_t *>(dst->planes[p].data), dst->planes[p].pitch };
        if (sm.depth == VL_DEPTH_U8) {
            switch (sm.channels) {
            case 1: launch<uint8_t, 1>(sm.interp, s, h, d, stream); break;
            case 2: launch<uint8_t, 2>(sm.interp, s, h, d, stream); break;
            case 3: launch<uint8_t, 3>(sm.interp, s, h, d, stream); break;
            default: launch<uint8_t, 4>(sm.interp, s, h, d, stream); break;
            }
        } else if (sm.depth == VL_DEPTH_S16) {
            launch<int16_t, 1>(sm.interp, s, h, d, stream);
        } else {
            launch<float, 1>(sm.interp, s, h, d, stream);
        }
    }
    return vl_gpu_check_launch("warp_perspective kernel");
}
