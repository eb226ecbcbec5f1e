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

/* Enlarging in y, the direct kernel above would make each horizontal sum again for every
 * destination row that uses it (cubic: 16 taps a value instead of 4 + 4 / scale). This one works on
 * tiles of TV values x TH rows: the block first makes the horizontal sums of every source row the
 * tile needs into shared memory (threads on consecutive values, so their source reads coalesce),
 * then each thread blends VPT consecutive values of 2 rows from there and stores them as words. */
constexpr int TV = 256, TH = 16, VPT = 8;

template <typename T, int CN, int K>
__global__ void __launch_bounds__(256) separable_tiled(Job j)
{
    constexpr bool U8 = sizeof(T) == 1;
    constexpr int TP = TV / CN, W = VPT * sizeof(T) / 4;
    extern __shared__ int4 smem4[];
    int *toff = reinterpret_cast<int *>(smem4);  /* [TP][K]: source element of a column's tap */
    int *tw = toff + TP * K;                      /* [TP][K]: its weight, int (U8) or float bits */
    int *hs = tw + TP * K;                        /* [rows][TV]: horizontal sums, int or float bits */
    const int tid = (int)(threadIdx.y * blockDim.x + threadIdx.x), nt = (int)(blockDim.x * blockDim.y);
    const int px0 = (int)blockIdx.x * TP, y0 = (int)blockIdx.y * TH;
    const int nv = min(TP, j.p.dst_w - px0) * CN, nrows = min(TH, j.p.dst_h - y0);
    for (int i = tid; i < nv / CN; i += nt) {
        vl_rescale_taps t;
        vl_rescale_col_taps(&j.p, px0 + i, &t);
#pragma unroll
        for (int k = 0; k < K; k++) {
            toff[i * K + k] = vl_rescale_clamp(t.first + k, j.p.src_w) * CN;
            tw[i * K + k] = U8 ? t.iw[k] : __float_as_int(t.w[k]);
        }
    }
    vl_rescale_taps ta, tb;
    vl_rescale_row_taps(&j.p, y0, &ta);
    vl_rescale_row_taps(&j.p, y0 + nrows - 1, &tb);
    const int sy0 = vl_rescale_clamp(ta.first, j.p.src_h), nsy = vl_rescale_clamp(tb.first + K - 1, j.p.src_h) - sy0 + 1;
    __syncthreads();
    for (int it = tid; it < nsy * nv; it += nt) {
        const int r = it / nv, v = it - r * nv, i = v / CN, c = v - i * CN;
        const uint8_t *row = row_of(j.src, j.sp, sy0 + r);
        if (U8) {
            int h = 0;
#pragma unroll
            for (int k = 0; k < K; k++) h += ldi<T>(row, toff[i * K + k] + c) * tw[i * K + k];
            hs[r * TV + v] = h;
        } else {
            float h = ldf<T>(row, toff[i * K] + c) * __int_as_float(tw[i * K]);
#pragma unroll
            for (int k = 1; k < K; k++) h = h + ldf<T>(row, toff[i * K + k] + c) * __int_as_float(tw[i * K + k]);
            hs[r * TV + v] = __float_as_int(h);
        }
    }
    __syncthreads();
    const int v0 = (int)threadIdx.x * VPT;
    if (v0 >= nv) return;
    const int n = min(VPT, nv - v0);
    for (int yl = (int)threadIdx.y * 2; yl < min((int)threadIdx.y * 2 + 2, nrows); yl++) {
        vl_rescale_taps ty;
        vl_rescale_row_taps(&j.p, y0 + yl, &ty);
        int ai[VPT];
        float af[VPT];
#pragma unroll
        for (int r = 0; r < K; r++) {
            const int4 *h4 = reinterpret_cast<const int4 *>(hs + (vl_rescale_clamp(ty.first + r, j.p.src_h) - sy0) * TV + v0);
            int h[VPT];
#pragma unroll
            for (int q = 0; q < VPT / 4; q++) {
                const int4 t = h4[q];
                h[4 * q] = t.x, h[4 * q + 1] = t.y, h[4 * q + 2] = t.z, h[4 * q + 3] = t.w;
            }
#pragma unroll
            for (int e = 0; e < VPT; e++) {
                if (U8) {
                    if (K == 2) ai[e] = (r == 0 ? 0 : ai[e]) + ((ty.iw[r] * (h[e] >> 4)) >> 16);
                    else ai[e] = (r == 0 ? 0 : ai[e]) + h[e] * ty.iw[r];
                } else {
                    const float hf = __int_as_float(h[e]);
                    af[e] = r == 0 ? hf * ty.w[0] : af[e] + hf * ty.w[r];
                }
            }
        }
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int e = 0; e < VPT; e++) {
            if (U8) put_value<T>(w, e, K == 2 ? ((ai[e] + 2) >> 2) : (int)vl_rescale_sat_u8((ai[e] + (1 << 21)) >> 22));
            else put_result<T>(w, e, af[e]);
        }
        store_prefix(j.dst + (long long)(y0 + yl) * j.dp + (px0 * CN + v0) * (int)sizeof(T), w, n * (int)sizeof(T));
    }
}

/* The tiled kernel's shared memory: column taps, and the source rows of the tallest tile. */
size_t tiled_smem(const vl_rescale_plan *p, int cn)
{
    int rows = 0;
    for (int y0 = 0; y0 < p->dst_h; y0 += TH) {
        vl_rescale_taps a, b;
        vl_rescale_row_taps(p, y0, &a);
        vl_rescale_row_taps(p, min(y0 + TH, p->dst_h) - 1, &b);
        rows = max(rows, vl_rescale_clamp(b.first + p->ksize - 1, p->src_h) - vl_rescale_clamp(a.first, p->src_h) + 1);
    }
    return (size_t)(2 * (TV / cn) * p->ksize + rows * TV) * sizeof(int);
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

/* U8 blocks of KX (2 or 4) columns: each block row of the run is N KX CN contiguous bytes, loaded
 * as whole words with the widest accesses their address allows, instead of byte by byte. */
template <int CN, int N, int KX>
__global__ void __launch_bounds__(256) area_fast_u8(Job j)
{
    constexpr int W = N * CN / 4, WS = N * KX * CN / 4;
    int x0, n;
    if (!my_run<N>(j, x0, n)) return;
    const int ky = j.p.ky;
    FOR_MY_ROWS(j, y) {
        int sum[N * CN];
#pragma unroll
        for (int v = 0; v < N * CN; v++) sum[v] = 0;
        for (int r = 0; r < ky; r++) {
            uint32_t s[WS];
            load_prefix(row_of(j.src, j.sp, y * ky + r) + x0 * KX * CN, s, n * KX * CN);
#pragma unroll
            for (int i = 0; i < N; i++)
#pragma unroll
                for (int t = 0; t < KX; t++)
#pragma unroll
                    for (int c = 0; c < CN; c++) sum[i * CN + c] += (int)get_u8(s, (i * KX + t) * CN + c);
        }
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int v = 0; v < N * CN; v++) put_u8(w, v, vl_rescale_block_mean(sum[v], KX, ky));
        store_run<uint8_t, CN, N>(j, y, x0, n, w);
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
    case VL_RESCALE_AREA_FAST:
        if (sizeof(T) == 1 && j.p.kx == 2) area_fast_u8<CN, N, 2><<<g.grid, g.block, 0, s>>>(j);
        else if (sizeof(T) == 1 && j.p.kx == 4) area_fast_u8<CN, N, 4><<<g.grid, g.block, 0, s>>>(j);
        else area_fast<T, CN, N><<<g.grid, g.block, 0, s>>>(j);
        return true;
    case VL_RESCALE_AREA: area<T, CN, N><<<g.grid, g.block, 0, s>>>(j); return true;
    case VL_RESCALE_SEPARABLE:
        if (j.p.scale_y <= 1.0) {
            const size_t smem = tiled_smem(&j.p, CN);
            const dim3 block(TV / VPT, TH / 2), grid((unsigned)((j.p.dst_w + TV / CN - 1) / (TV / CN)),
                                                      (unsigned)((j.p.dst_h + TH - 1) / TH));
            if (j.p.ksize == 4) separable_tiled<T, CN, 4><<<grid, block, smem, s>>>(j);
            else separable_tiled<T, CN, 2><<<grid, block, smem, s>>>(j);
        } else if (j.p.ksize == 4) {
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
