/* Perspective warp on CUDA: byte-identical to src/cpu/warp_perspective_ref.c.
 *
 * Each thread warps a run of 4 destination pixels of a row: their source points are the
 * reference's (fast_points, checked, or exact_points), then sampled by the sampler remap uses. */
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
    double mx[3], my[3];  /* rows 0 and 1 times `scale` (32 for LINEAR and CUBIC, 1 for NEAREST) */
    int block, width, height;
    int block_shift;      /* blocks of 1 << block_shift pixels (31: one block), or -1: any width */
    bool fast;            /* entries small enough for fast_points (see there) */
    bool bounded;         /* every point in fast_points' range (points_bounded) */
};

struct Dest {
    uint8_t *data;
    int pitch;
};

/* round half to even; the hardware conversion saturates, as the reference's clamp does (the plan
 * guarantees no NaN). */
__device__ __forceinline__ int round_sat(double v) { return __double2int_rn(v); }

/* a xb + b y + c for a block starting at xb on row y, each operation rounded on its own, as the
 * reference and cv::warpPerspective compute it. */
__device__ __forceinline__ double block_start(double a, double b, double c, int xb, int y)
{
    return __dadd_rn(__dadd_rn(__dmul_rn(a, (double)xb), __dmul_rn(b, (double)y)), c);
}

/* Pixel k's point from its rounded coordinates X, Y (1/32 pixel; pixels for NEAREST). */
template <int INTERP>
__device__ __forceinline__ void put_point(Points &pt, int k, int X, int Y)
{
    const bool nearest = INTERP == VELA_INTERP_NEAREST;
    pt.sx[k] = nearest ? X : X >> 5;
    pt.sy[k] = nearest ? Y : Y >> 5;
    pt.fx[k] = nearest ? 0 : X & 31;
    pt.fy[k] = nearest ? 0 : Y & 31;
}

/* The run's points exactly as the reference computes them (and cv::warpPerspective): from the
 * start of OpenCV's block, in double, each operation rounded on its own (no fused multiply-add),
 * 32 / W as 32 (1 / W), which is exact (a power of two; W never so large that 1 / W is subnormal). */
template <int INTERP>
__device__ __forceinline__ void exact_points(const Homography &h, int x0, int n, int y, Points &pt)
{
    const double *M = h.m;
    const bool nearest = INTERP == VELA_INTERP_NEAREST;
    int xb = -1;
    double X0 = 0, Y0 = 0, W0 = 0;
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        const int x = x0 + min(k, n - 1);  /* past the row's end: a copy of its last pixel, not stored */
        if (x - x % h.block != xb) {
            xb = x - x % h.block;
            X0 = block_start(M[0], M[1], M[2], xb, y);
            Y0 = block_start(M[3], M[4], M[5], xb, y);
            W0 = block_start(M[6], M[7], M[8], xb, y);
        }
        const double dd = (double)(x - xb);
        const double W = __dadd_rn(W0, __dmul_rn(M[6], dd));
        const double r = W != 0 ? (nearest ? __drcp_rn(W) : __dmul_rn(32.0, __drcp_rn(W))) : 0.0;
        const int X = round_sat(__dmul_rn(__dadd_rn(X0, __dmul_rn(M[0], dd)), r));
        const int Y = round_sat(__dmul_rn(__dadd_rn(Y0, __dmul_rn(M[3], dd)), r));
        put_point<INTERP>(pt, k, X, Y);
    }
}

/* round(v), and whether that is surely the reference's round(e) for the exact e that v
 * approximates to well within 1e-8: v is added to 1.5 * 2^32 + 0.5, which leaves v + 0.5 in
 * fixed point with 20 fraction bits in the sum's mantissa (2^51 + (v + 0.5) 2^20 for |v| < 2^20);
 * its integer part is round(v) unless v + 0.5 lies within 2^-19 of an integer (a tie, or too near
 * one to tell). RANGE: the sum's high word says whether |v| < 2^20 (and not NaN or infinite);
 * without, the caller knows. */
template <bool RANGE>
__device__ __forceinline__ int round_checked(double v, bool &ok)
{
    const double t = __dadd_rn(v, 6442450944.5);
    const unsigned lo = (unsigned)__double2loint(t), hi = (unsigned)__double2hiint(t);
    ok = ok && (!RANGE || hi - (0x41f80000u - 256u) < 512u) && ((lo + 2u) & 0xfffffu) >= 4u;
    return (int)(__funnelshift_r(lo, hi, 20) ^ 0x80000000u);
}

/* The run's points fast, for blocks that hold whole runs: 1 / W from the hardware's estimate and
 * one cubic Newton step (as __drcp_rn does, without its final rounding and range checks), so
 * v = numerator x (1 / W) is within a few units in the last place of the reference's product, and
 * round_checked says when rounding could tell them apart (about 4 points in 10^6) or the point is
 * out of its range; then the run is computed again exactly. The numerators use the matrix times
 * `scale`, exact (a power of two; the plan keeps entries between 1e-150 and 1e150 or 0). RANGE
 * false: the host found every point in range (Homography::bounded). */
template <int INTERP, bool RANGE>
__device__ __forceinline__ bool fast_points(const Homography &h, int x0, int y, Points &pt)
{
    const int xb = (x0 >> h.block_shift) << h.block_shift;
    const double X0 = block_start(h.mx[0], h.mx[1], h.mx[2], xb, y);
    const double Y0 = block_start(h.my[0], h.my[1], h.my[2], xb, y);
    const double W0 = block_start(h.m[6], h.m[7], h.m[8], xb, y);
    const double d0 = (double)(x0 - xb);
    bool ok = h.fast;
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        const double dd = __dadd_rn(d0, (double)k);
        const double W = __dadd_rn(W0, __dmul_rn(h.m[6], dd));
        double q;
        asm("rcp.approx.ftz.f64 %0, %1;" : "=d"(q) : "d"(W));
        double e = __fma_rn(-W, q, 1.0);
        e = __fma_rn(e, e, e);
        q = __fma_rn(q, e, q);
        const int X = round_checked<RANGE>(__dmul_rn(__dadd_rn(X0, __dmul_rn(h.mx[0], dd)), q), ok);
        const int Y = round_checked<RANGE>(__dmul_rn(__dadd_rn(Y0, __dmul_rn(h.my[0], dd)), q), ok);
        put_point<INTERP>(pt, k, X, Y);
    }
    return ok;
}

/* Whether every point the kernel computes (x from 0 to width - 1 + RUN, y from 0 to height - 1)
 * lies within 2^19 of the origin, in the units fast_points rounds (1/32 pixel, or pixels for
 * NEAREST), with w far from 0 and infinity: w is affine, so it keeps one sign over the rectangle
 * when it has it at the corners, and then the map is projective there and takes the rectangle to
 * the quadrilateral of the corners' images, which bounds every point. The margin (2^19 against the
 * range check's 2^20) covers the rounding of both computations. */
bool points_bounded(const double m[9], double scale, int width, int height)
{
    const double xs[2] = { 0, (double)width - 1 + RUN }, ys[2] = { 0, (double)height - 1 };
    int sign = 0;
    for (int i = 0; i < 4; i++) {
        const double x = xs[i & 1], y = ys[i >> 1], w = m[6] * x + m[7] * y + m[8];
        if (!(fabs(w) > 1e-30 && fabs(w) < 1e30)) return false;
        if (sign != 0 && (w > 0) != (sign > 0)) return false;
        sign = w > 0 ? 1 : -1;
        const double X = (m[0] * x + m[1] * y + m[2]) * scale / w, Y = (m[3] * x + m[4] * y + m[5]) * scale / w;
        if (!(fabs(X) < 524288.0 && fabs(Y) < 524288.0)) return false;
    }
    return true;
}

template <typename T, int CN, int INTERP, bool RANGE>
__global__ void __launch_bounds__(256) warp_kernel(Source s, Homography h, Dest d, int runs)
{
    overlap_allow();
    int run, y0;
    run_and_row<1>(run, y0);
    if (run >= runs) return;
    overlap_wait();
    const int x0 = run * RUN, n = min(RUN, h.width - x0);
    for (int y = y0; y < h.height; y += (int)(gridDim.y * blockDim.y)) {
        Points pt;
        if (h.block_shift < 0 || !fast_points<INTERP, RANGE>(h, x0, y, pt)) exact_points<INTERP>(h, x0, n, y, pt);
        sample_run<T, CN, INTERP>(s, pt, n, d.data + (long long)y * d.pitch + (long long)x0 * CN * (int)sizeof(T));
    }
}

template <typename T, int CN, int INTERP>
void launch_one(const Source &s, const Homography &h, const Dest &d, cudaStream_t stream)
{
    const int runs = (h.width + RUN - 1) / RUN;
    /* 128-thread blocks: H200, 1920x1080, U8 10.95 -> 10.78 us, RGBA8 17.4 -> 16.9 against 256. */
    const Geometry g = geometry_2d(runs, thread_rows(runs, h.height), 128);
    if (h.bounded) launch_overlapped(warp_kernel<T, CN, INTERP, false>, g, stream, s, h, d, runs);
    else launch_overlapped(warp_kernel<T, CN, INTERP, true>, g, stream, s, h, d, runs);
}

template <typename T, int CN>
void launch(vela_interp interp, const Source &s, const Homography &h, const Dest &d, cudaStream_t stream)
{
    switch (interp) {
    case VELA_INTERP_NEAREST: launch_one<T, CN, VELA_INTERP_NEAREST>(s, h, d, stream); break;
    case VELA_INTERP_LINEAR: launch_one<T, CN, VELA_INTERP_LINEAR>(s, h, d, stream); break;
    default: launch_one<T, CN, VELA_INTERP_CUBIC>(s, h, d, stream); break;
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
        const double scale = sm.interp == VELA_INTERP_NEAREST ? 1.0 : 32.0;
        h.fast = true;
        for (int i = 0; i < 3; i++) {
            h.mx[i] = wp.m[i] * scale;
            h.my[i] = wp.m[3 + i] * scale;
        }
        for (int i = 0; i < 9; i++) h.fast = h.fast && (wp.m[i] == 0 || (fabs(wp.m[i]) >= 1e-150 && fabs(wp.m[i]) <= 1e150));
        h.bounded = h.fast && points_bounded(wp.m, scale, wp.width, wp.height);
        h.block = wp.block;
        h.width = wp.width;
        h.height = wp.height;
        h.block_shift = -1;
        if (wp.block >= wp.width) h.block_shift = 31;
        else if (wp.block >= RUN && (wp.block & (wp.block - 1)) == 0) h.block_shift = __builtin_ctz((unsigned)wp.block);
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
