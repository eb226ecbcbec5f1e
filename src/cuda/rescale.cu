/* Rescale on CUDA: byte-identical to src/cpu/rescale_ref.c for every input.
 *
 * The arithmetic is the reference's own: the tap positions, weights and roundings come from the
 * VL_HD functions of common/rescale.h, compiled for the device (with --fmad=false, so float sums
 * round as on the CPU). Each thread makes a run of N consecutive destination pixels in R rows: the
 * horizontal taps of its pixels are computed once and serve all R rows, every output is accumulated
 * in registers, tap by tap, and the run is stored as whole words with the widest accesses its
 * address allows (store_prefix: nothing past a row's last byte). Source samples are read through
 * the read-only cache, where the neighbouring threads' reads of the same lines hit. */
#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/gpu.h"
#include "common/rescale.h"
#include "common/status.h"
}

namespace {

using namespace vl_cuda;

constexpr int R = 2;  /* destination rows per thread */

struct Job {
    vl_rescale_plan p;
    const uint8_t *src;
    uint8_t *dst;
    int sp, dp;   /* pitches in bytes */
    int runs;     /* runs in a row */
};

template <typename T>
__device__ __forceinline__ float ldf(const uint8_t *row, int i)
{
    return (float)__ldg(reinterpret_cast<const T *>(row) + i);
}

template <typename T>
__device__ __forceinline__ int ldi(const uint8_t *row, int i)
{
    return (int)__ldg(reinterpret_cast<const T *>(row) + i);
}

/* Value i of a run (U8 or S16 bits), into its output words. */
template <typename T, int W>
__device__ __forceinline__ void put_value(uint32_t (&w)[W], int i, int v)
{
    if (sizeof(T) == 1) put_u8(w, i, (uint32_t)v);
    else put_u16(w, i, (uint32_t)v);
}

template <int W>
__device__ __forceinline__ void put_float(uint32_t (&w)[W], int i, float v)
{
    w[i] = __float_as_uint(v);
}

/* A float result as the depth: F32 as is, S16 rounded and saturated. */
template <typename T, int W>
__device__ __forceinline__ void put_result(uint32_t (&w)[W], int i, float v)
{
    if (sizeof(T) == 4) put_float(w, i, v);
    else put_value<T>(w, i, sizeof(T) == 1 ? (int)vl_rescale_f32_to_u8(v) : (int)(uint16_t)vl_rescale_f32_to_s16(v));
}

__device__ __forceinline__ const uint8_t *row_of(const uint8_t *base, int pitch, int y)
{
    return base + (long long)y * pitch;
}

/* This thread's run: first pixel x0, n pixels (1..N); false past the row's end. */
template <int N>
__device__ __forceinline__ bool my_run(const Job &j, int &x0, int &n)
{
    const int run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (run >= j.runs) return false;
    x0 = run * N;
    n = min(N, j.p.dst_w - x0);
    return true;
}

#define FOR_MY_ROWS(j, y)                                                                                      \
    for (int y##0 = (int)(blockIdx.y * blockDim.y + threadIdx.y) * R; y##0 < (j).p.dst_h;                       \
         y##0 += (int)(gridDim.y * blockDim.y) * R)                                                              \
        for (int y = y##0; y < min(y##0 + R, (j).p.dst_h); y++)

template <typename T, int CN, int N>
__device__ __forceinline__ void store_run(const Job &j, int y, int x0, int n, const uint32_t (&w)[N * CN * sizeof(T) / 4])
{
    store_prefix(j.dst + (long long)y * j.dp + x0 * CN * (int)sizeof(T), w, n * CN * (int)sizeof(T));
}

/* ---- SEPARABLE ------------------------------------------------------------------------------ */

template <typename T, int CN, int N, int K>
__global__ void __launch_bounds__(256) separable(Job j)
{
    constexpr int W = N * CN * sizeof(T) / 4;
    constexpr bool U8 = sizeof(T) == 1;
    int x0, n;
    if (!my_run<N>(j, x0, n)) return;
    int off[N][K];      /* source element of pixel i's tap t, channel 0 */
    float wf[N][K];
    int wi[N][K];
#pragma unroll
    for (int i = 0; i < N; i++) {
        vl_rescale_taps t;
        vl_rescale_col_taps(&j.p, min(x0 + i, j.p.dst_w - 1), &t);
#pragma unroll
        for (int k = 0; k < K; k++) {
            off[i][k] = vl_rescale_clamp(t.first + k, j.p.src_w) * CN;
            wf[i][k] = t.w[k];
            wi[i][k] = t.iw[k];
        }
    }
    FOR_MY_ROWS(j, y) {
        vl_rescale_taps ty;
        vl_rescale_row_taps(&j.p, y, &ty);
        int ai[N * CN];
        float af[N * CN];
#pragma unroll
        for (int r = 0; r < K; r++) {
            const uint8_t *row = row_of(j.src, j.sp, vl_rescale_clamp(ty.first + r, j.p.src_h));
#pragma unroll
            for (int i = 0; i < N; i++)
#pragma unroll
                for (int c = 0; c < CN; c++) {
                    const int v = i * CN + c;
                    if (U8) {
                        int h = 0;
#pragma unroll
                        for (int k = 0; k < K; k++) h += ldi<T>(row, off[i][k] + c) * wi[i][k];
                        if (K == 2) ai[v] = (r == 0 ? 0 : ai[v]) + ((ty.iw[r] * (h >> 4)) >> 16);
                        else ai[v] = (r == 0 ? 0 : ai[v]) + h * ty.iw[r];
                    } else {
                        float h = ldf<T>(row, off[i][0] + c) * wf[i][0];
#pragma unroll
                        for (int k = 1; k < K; k++) h = h + ldf<T>(row, off[i][k] + c) * wf[i][k];
                        af[v] = r == 0 ? h * ty.w[0] : af[v] + h * ty.w[r];
                    }
                }
        }
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int v = 0; v < N * CN; v++) {
            if (U8) put_value<T>(w, v, K == 2 ? ((ai[v] + 2) >> 2) : (int)vl_rescale_sat_u8((ai[v] + (1 << 21)) >> 22));
            else put_result<T>(w, v, af[v]);
        }
        store_run<T, CN, N>(j, y, x0, n, w);
    }
}

/* ---- AREA_FAST, AREA, NEAREST ------------------------------------------------------------- */

template <typename T, int CN, int N>
__global__ void __launch_bounds__(256) area_fast(Job j)
{
    constexpr int W = N * CN * sizeof(T) / 4;
    int x0, n;
    if (!my_run<N>(j, x0, n)) return;
    const int kx = j.p.kx, ky = j.p.ky;
    FOR_MY_ROWS(j, y) {
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int i = 0; i < N; i++) {
            const int e0 = min(x0 + i, j.p.dst_w - 1) * kx * CN;
#pragma unroll
            for (int c = 0; c < CN; c++) {
                int isum = 0;
                float fsum = 0.f;
                for (int r = 0; r < ky; r++) {
                    const uint8_t *row = row_of(j.src, j.sp, y * ky + r);
                    if (sizeof(T) == 4) {
                        float rs = ldf<T>(row, e0 + c);
                        for (int t = 1; t < kx; t++) rs = rs + ldf<T>(row, e0 + t * CN + c);
                        fsum = r == 0 ? rs : fsum + rs;
                    } else {
                        for (int t = 0; t < kx; t++) isum += ldi<T>(row, e0 + t * CN + c);
                    }
                }
                const int v = i * CN + c;
                if (sizeof(T) == 4) put_float(w, v, fsum * (1.f / (float)(kx * ky)));
                else if (sizeof(T) == 1) put_value<T>(w, v, vl_rescale_sat_u8(vl_rescale_block_mean(isum, kx, ky)));
                else put_value<T>(w, v, (uint16_t)vl_rescale_sat_s16(vl_rescale_block_mean(isum, kx, ky)));
            }
        }
        store_run<T, CN, N>(j, y, x0, n, w);
    }
}

template <typename T, int CN, int N>
__global__ void __launch_bounds__(256) area(Job j)
{
    constexpr int W = N * CN * sizeof(T) / 4;
    int x0, n;
    if (!my_run<N>(j, x0, n)) return;
    FOR_MY_ROWS(j, y) {
        vl_rescale_span sy;
        vl_rescale_area_span(j.p.scale_y, j.p.src_h, y, &sy);
        const int ny = vl_rescale_span_count(&sy);
        uint32_t w[W];
        zero(w);
#pragma unroll 1
        for (int i = 0; i < N; i++) {
            vl_rescale_span sx;
            vl_rescale_area_span(j.p.scale_x, j.p.src_w, min(x0 + i, j.p.dst_w - 1), &sx);
            const int nx = vl_rescale_span_count(&sx);
#pragma unroll
            for (int c = 0; c < CN; c++) {
                float sum = 0.f;
                for (int ey = 0; ey < ny; ey++) {
                    float beta, alpha, buf = 0.f;
                    const uint8_t *row = row_of(j.src, j.sp, vl_rescale_span_entry(&sy, ey, &beta));
                    for (int ex = 0; ex < nx; ex++) {
                        const int s = vl_rescale_span_entry(&sx, ex, &alpha);
                        buf = buf + ldf<T>(row, s * CN + c) * alpha;
                    }
                    sum = ey == 0 ? beta * buf : sum + beta * buf;
                }
                put_result<T>(w, i * CN + c, sum);
            }
        }
        store_run<T, CN, N>(j, y, x0, n, w);
    }
}

template <typename T, int CN, int N>
__global__ void __launch_bounds__(256) nearest(Job j)
{
    constexpr int W = N * CN * sizeof(T) / 4;
    int x0, n;
    if (!my_run<N>(j, x0, n)) return;
    int sx[N];
#pragma unroll
    for (int i = 0; i < N; i++) sx[i] = vl_rescale_nearest(j.p.scale_x, j.p.src_w, min(x0 + i, j.p.dst_w - 1)) * CN;
    FOR_MY_ROWS(j, y) {
        const uint8_t *row = row_of(j.src, j.sp, vl_rescale_nearest(j.p.scale_y, j.p.src_h, y));
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int i = 0; i < N; i++)
#pragma unroll
            for (int c = 0; c < CN; c++) {
                if (sizeof(T) == 4) put_float(w, i * CN + c, ldf<T>(row, sx[i] + c));
                else put_value<T>(w, i * CN + c, ldi<T>(row, sx[i] + c));
            }
        store_run<T, CN, N>(j, y, x0, n, w);
    }
}

/* ---- launch ------------------------------------------------------------------------------------- */

template <int N>
Geometry geometry_for(Job &j)
{
    j.runs = (j.p.dst_w + N - 1) / N;
    return geometry_2d(j.runs, (j.p.dst_h + R - 1) / R);
}

/* N pixels a thread: a whole number of words, 8 or 16 bytes where the format allows; 4-tap runs
 * are shorter, their taps taking registers. */
template <typename T, int CN, int N, int N4>
bool launch_format(const Job &jb, cudaStream_t s)
{
    Job j = jb;
    Geometry g = geometry_for<N>(j);
    switch (j.p.kind) {
    case VL_RESCALE_NEAREST: nearest<T, CN, N><<<g.grid, g.block, 0, s>>>(j); return true;
    case VL_RESCALE_AREA_FAST: area_fast<T, CN, N><<<g.grid, g.block, 0, s>>>(j); return true;
    case VL_RESCALE_AREA: area<T, CN, N><<<g.grid, g.block, 0, s>>>(j); return true;
    case VL_RESCALE_SEPARABLE:
        if (j.p.ksize == 4) {
            g = geometry_for<N4>(j);
            separable<T, CN, N4, 4><<<g.grid, g.block, 0, s>>>(j);
        } else {
            separable<T, CN, N, 2><<<g.grid, g.block, 0, s>>>(j);
        }
        return true;
    default: return false;
    }
}

}  // namespace

extern "C" vela_status vl_rescale_cuda(const vl_rescale_plan *p, const vela_image_data *src,
                                       const vela_image_data *dst, void *gpu_stream)
{
    cudaStream_t s = static_cast<cudaStream_t>(gpu_stream);
    if (p->kind == VL_RESCALE_COPY)
        return vl_gpu_copy_2d(dst->planes[0].data, (size_t)dst->planes[0].pitch, src->planes[0].data,
                              (size_t)src->planes[0].pitch, (size_t)p->dst_w * p->channels * vl_depth_bytes(p->depth),
                              (size_t)p->dst_h, gpu_stream);
    Job j;
    j.p = *p;
    j.src = static_cast<const uint8_t *>(src->planes[0].data);
    j.dst = static_cast<uint8_t *>(dst->planes[0].data);
    j.sp = src->planes[0].pitch;
    j.dp = dst->planes[0].pitch;
    j.runs = 0;
    bool ok = false;
    switch (p->depth) {
    case VL_DEPTH_U8:
        if (p->channels == 1) ok = launch_format<uint8_t, 1, 8, 4>(j, s);
        else if (p->channels == 3) ok = launch_format<uint8_t, 3, 4, 4>(j, s);
        else ok = launch_format<uint8_t, 4, 4, 2>(j, s);
        break;
    case VL_DEPTH_S16: ok = launch_format<int16_t, 1, 4, 4>(j, s); break;
    default: ok = launch_format<float, 1, 4, 4>(j, s); break;
    }
    if (!ok) return vl_fail(VELA_ERROR_NOT_IMPLEMENTED, "CUDA: rescale of this kind is not implemented");
    return vl_gpu_check_launch("rescale kernel");
}
