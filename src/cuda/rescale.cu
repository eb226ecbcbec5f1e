/* Rescale on CUDA: byte-identical to src/cpu/rescale_ref.c for every input.
 *
 * The arithmetic is the reference's own: the tap positions, weights and roundings come from the
 * VL_HD functions of common/rescale.h, compiled for the device (with --fmad=false, so float sums
 * round as on the CPU). Three shapes of kernel:
 *  - U8 whole blocks (AREA_FAST 2x2, 4x4, and LINEAR at half size): each thread makes a run of N
 *    consecutive pixels from contiguous block rows, loaded and stored as whole words with the
 *    widest accesses their addresses allow;
 *  - enlarging in y (SEPARABLE): tiles in shared memory, the horizontal sums of each source row
 *    made once and blended into every destination row of the tile that uses them;
 *  - every other case (gathers: shrinking, NEAREST, AREA): a warp takes 32 consecutive pixels at a
 *    time, so that its gathers and stores coalesce; each thread keeps its pixels' horizontal taps
 *    across R rows. RGBA8 pixels move as one 32-bit word where the rows are 4-byte aligned.
 * Nothing past a row's last byte is read or written. */
#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/gpu.h"
#include "common/rescale.h"
#include "common/status.h"
}

namespace {

using namespace vl_cuda;

struct Job {
    vl_rescale_plan p;
    const uint8_t *src;
    uint8_t *dst;
    int sp, dp;  /* pitches in bytes */
    int runs;    /* block kernels: runs in a row */
};

__device__ __forceinline__ const uint8_t *row_of(const uint8_t *base, int pitch, int y)
{
    return base + (long long)y * pitch;
}

__device__ __forceinline__ uint8_t *row_of(uint8_t *base, int pitch, int y)
{
    return base + (long long)y * pitch;
}

/* ---- pixels in and out -------------------------------------------------------------------------
 * A pixel's CN channels at element e of a row, as ints (U8, S16) or floats. PX32: one 32-bit load
 * or store for the four bytes of an RGBA8 pixel (rows 4-byte aligned). */

template <typename T, int CN, bool PX32>
__device__ __forceinline__ void load_i(const uint8_t *row, int e, int (&v)[CN])
{
    if (PX32) {
        const uint32_t u = __ldg(reinterpret_cast<const uint32_t *>(row + e));
#pragma unroll
        for (int c = 0; c < CN; c++) v[c] = (int)((u >> (8 * c)) & 0xffu);
    } else {
#pragma unroll
        for (int c = 0; c < CN; c++) v[c] = (int)__ldg(reinterpret_cast<const T *>(row) + e + c);
    }
}

template <typename T, int CN>
__device__ __forceinline__ void load_f(const uint8_t *row, int e, float (&v)[CN])
{
#pragma unroll
    for (int c = 0; c < CN; c++) v[c] = (float)__ldg(reinterpret_cast<const T *>(row) + e + c);
}

template <typename T, int CN, bool PX32>
__device__ __forceinline__ void store_i(uint8_t *row, int e, const int (&v)[CN])
{
    if (PX32) {
        uint32_t u = 0;
#pragma unroll
        for (int c = 0; c < CN; c++) u |= ((uint32_t)v[c] & 0xffu) << (8 * c);
        *reinterpret_cast<uint32_t *>(row + e) = u;
    } else {
#pragma unroll
        for (int c = 0; c < CN; c++) reinterpret_cast<T *>(row)[e + c] = (T)v[c];
    }
}

/* A float result as the depth: F32 as is, U8 and S16 rounded and saturated. */
template <typename T, int CN, bool PX32>
__device__ __forceinline__ void store_f(uint8_t *row, int e, const float (&v)[CN])
{
    if (sizeof(T) == 4) {
#pragma unroll
        for (int c = 0; c < CN; c++) reinterpret_cast<float *>(row)[e + c] = v[c];
    } else {
        int q[CN];
#pragma unroll
        for (int c = 0; c < CN; c++) q[c] = sizeof(T) == 1 ? (int)vl_rescale_f32_to_u8(v[c]) : (int)vl_rescale_f32_to_s16(v[c]);
        store_i<T, CN, PX32>(row, e, q);
    }
}

/* ---- gathers: warp-strided pixels ---------------------------------------------------------------
 * Block (32, 8); thread (tx, ty) of block (bx, by) makes pixels (bx NP + i) 32 + tx, i < NP, of rows
 * (by 8 + ty) RP + r, r < RP, the grid striding over rows past its 65535 blocks. */
constexpr int NP = 2, RP = 2;

#define FOR_PIXELS(j, i, x)                                                                       \
    for (int i = 0, x = ((int)blockIdx.x * NP) * 32 + (int)threadIdx.x; i < NP; i++, x += 32)    \
        if (x < (j).p.dst_w)

#define FOR_ROWS(j, y)                                                                                  \
    for (int y##0 = ((int)(blockIdx.y * blockDim.y + threadIdx.y)) * RP; y##0 < (j).p.dst_h;             \
         y##0 += (int)(gridDim.y * blockDim.y) * RP)                                                      \
        for (int y = y##0; y < min(y##0 + RP, (j).p.dst_h); y++)

template <typename T, int CN, int K, bool PX32>
__global__ void __launch_bounds__(256) separable(Job j)
{
    constexpr bool U8 = sizeof(T) == 1;
    int off[NP][K], wi[NP][K];
    float wf[NP][K];
    FOR_PIXELS(j, i, x) {
        vl_rescale_taps t;
        vl_rescale_col_taps(&j.p, x, &t);
#pragma unroll
        for (int k = 0; k < K; k++) {
            off[i][k] = vl_rescale_clamp(t.first + k, j.p.src_w) * CN;
            wi[i][k] = t.iw[k];
            wf[i][k] = t.w[k];
        }
    }
    FOR_ROWS(j, y) {
        vl_rescale_taps ty;
        vl_rescale_row_taps(&j.p, y, &ty);
        uint8_t *out = row_of(j.dst, j.dp, y);
        FOR_PIXELS(j, i, x) {
            int ai[CN];
            float af[CN];
#pragma unroll
            for (int r = 0; r < K; r++) {
                const uint8_t *row = row_of(j.src, j.sp, vl_rescale_clamp(ty.first + r, j.p.src_h));
                if (U8) {
                    int h[CN], s[CN];
#pragma unroll
                    for (int c = 0; c < CN; c++) h[c] = 0;
#pragma unroll
                    for (int k = 0; k < K; k++) {
                        load_i<T, CN, PX32>(row, off[i][k], s);
#pragma unroll
                        for (int c = 0; c < CN; c++) h[c] += s[c] * wi[i][k];
                    }
#pragma unroll
                    for (int c = 0; c < CN; c++) {
                        const int t = K == 2 ? (ty.iw[r] * (h[c] >> 4)) >> 16 : h[c] * ty.iw[r];
                        ai[c] = r == 0 ? t : ai[c] + t;
                    }
                } else {
                    float h[CN], s[CN];
                    load_f<T, CN>(row, off[i][0], s);
#pragma unroll
                    for (int c = 0; c < CN; c++) h[c] = s[c] * wf[i][0];
#pragma unroll
                    for (int k = 1; k < K; k++) {
                        load_f<T, CN>(row, off[i][k], s);
#pragma unroll
                        for (int c = 0; c < CN; c++) h[c] = h[c] + s[c] * wf[i][k];
                    }
#pragma unroll
                    for (int c = 0; c < CN; c++) af[c] = r == 0 ? h[c] * ty.w[0] : af[c] + h[c] * ty.w[r];
                }
            }
            if (U8) {
#pragma unroll
                for (int c = 0; c < CN; c++) ai[c] = K == 2 ? (ai[c] + 2) >> 2 : (int)vl_rescale_sat_u8((ai[c] + (1 << 21)) >> 22);
                store_i<T, CN, PX32>(out, x * CN, ai);
            } else {
                store_f<T, CN, PX32>(out, x * CN, af);
            }
        }
    }
}

template <typename T, int CN, bool PX32>
__global__ void __launch_bounds__(256) nearest(Job j)
{
    int sx[NP];
    FOR_PIXELS(j, i, x) sx[i] = vl_rescale_nearest(j.p.scale_x, j.p.src_w, x) * CN;
    FOR_ROWS(j, y) {
        const uint8_t *row = row_of(j.src, j.sp, vl_rescale_nearest(j.p.scale_y, j.p.src_h, y));
        uint8_t *out = row_of(j.dst, j.dp, y);
        FOR_PIXELS(j, i, x) {
            if (sizeof(T) == 4) {
                float v[CN];
                load_f<T, CN>(row, sx[i], v);
                store_f<T, CN, false>(out, x * CN, v);
            } else {
                int v[CN];
                load_i<T, CN, PX32>(row, sx[i], v);
                store_i<T, CN, PX32>(out, x * CN, v);
            }
        }
    }
}

/* Blocks of any size and depth, element by element: F32 sums each block row, then the rows. */
template <typename T, int CN>
__global__ void __launch_bounds__(256) area_fast(Job j)
{
    const int kx = j.p.kx, ky = j.p.ky;
    FOR_ROWS(j, y) {
        uint8_t *out = row_of(j.dst, j.dp, y);
        FOR_PIXELS(j, i, x) {
            int isum[CN];
            float fsum[CN];
#pragma unroll
            for (int c = 0; c < CN; c++) isum[c] = 0, fsum[c] = 0.f;
            for (int r = 0; r < ky; r++) {
                const uint8_t *row = row_of(j.src, j.sp, y * ky + r);
                if (sizeof(T) == 4) {
                    float rs[CN], s[CN];
                    load_f<T, CN>(row, x * kx * CN, rs);
                    for (int t = 1; t < kx; t++) {
                        load_f<T, CN>(row, (x * kx + t) * CN, s);
#pragma unroll
                        for (int c = 0; c < CN; c++) rs[c] = rs[c] + s[c];
                    }
#pragma unroll
                    for (int c = 0; c < CN; c++) fsum[c] = r == 0 ? rs[c] : fsum[c] + rs[c];
                } else {
                    for (int t = 0; t < kx; t++) {
                        int s[CN];
                        load_i<T, CN, false>(row, (x * kx + t) * CN, s);
#pragma unroll
                        for (int c = 0; c < CN; c++) isum[c] += s[c];
                    }
                }
            }
            if (sizeof(T) == 4) {
#pragma unroll
                for (int c = 0; c < CN; c++) fsum[c] = fsum[c] * (1.f / (float)(kx * ky));
                store_f<T, CN, false>(out, x * CN, fsum);
            } else {
#pragma unroll
                for (int c = 0; c < CN; c++) {
                    const int m = vl_rescale_block_mean(isum[c], kx, ky);
                    isum[c] = sizeof(T) == 1 ? (int)vl_rescale_sat_u8(m) : (int)vl_rescale_sat_s16(m);
                }
                store_i<T, CN, false>(out, x * CN, isum);
            }
        }
    }
}

template <typename T, int CN>
__global__ void __launch_bounds__(256) area(Job j)
{
    FOR_ROWS(j, y) {
        vl_rescale_span sy;
        vl_rescale_area_span(j.p.scale_y, j.p.src_h, y, &sy);
        const int ny = vl_rescale_span_count(&sy);
        uint8_t *out = row_of(j.dst, j.dp, y);
        FOR_PIXELS(j, i, x) {
            vl_rescale_span sx;
            vl_rescale_area_span(j.p.scale_x, j.p.src_w, x, &sx);
            const int nx = vl_rescale_span_count(&sx);
            float sum[CN];
            for (int ey = 0; ey < ny; ey++) {
                float beta, alpha, buf[CN], s[CN];
                const uint8_t *row = row_of(j.src, j.sp, vl_rescale_span_entry(&sy, ey, &beta));
#pragma unroll
                for (int c = 0; c < CN; c++) buf[c] = 0.f;
                for (int ex = 0; ex < nx; ex++) {
                    load_f<T, CN>(row, vl_rescale_span_entry(&sx, ex, &alpha) * CN, s);
#pragma unroll
                    for (int c = 0; c < CN; c++) buf[c] = buf[c] + s[c] * alpha;
                }
#pragma unroll
                for (int c = 0; c < CN; c++) sum[c] = ey == 0 ? beta * buf[c] : sum[c] + beta * buf[c];
            }
            store_f<T, CN, false>(out, x * CN, sum);
        }
    }
}

/* ---- U8 whole blocks: contiguous runs ------------------------------------------------------------
 * Each block row of a run of N pixels is N KX CN contiguous bytes, loaded as whole words. */
constexpr int RB = 2;  /* rows per thread */

template <int CN, int N, int KX>
__global__ void __launch_bounds__(256) area_fast_u8(Job j)
{
    constexpr int W = N * CN / 4, WS = N * KX * CN / 4;
    const int run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (run >= j.runs) return;
    const int x0 = run * N, n = min(N, j.p.dst_w - x0), ky = j.p.ky;
    for (int y0 = (int)(blockIdx.y * blockDim.y + threadIdx.y) * RB; y0 < j.p.dst_h; y0 += (int)(gridDim.y * blockDim.y) * RB)
        for (int y = y0; y < min(y0 + RB, j.p.dst_h); y++) {
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
            store_prefix(row_of(j.dst, j.dp, y) + x0 * CN, w, n * CN);
        }
}

/* ---- enlarging in y: tiles in shared memory -----------------------------------------------------
 * A tile is TV values (TV / CN pixels) by TH rows. The block finds its columns' and rows' taps,
 * makes the horizontal sums of every source row the tile needs (threads on consecutive pixels, so
 * that source reads coalesce), then each thread blends VPT consecutive values of 2 rows and stores
 * them as words. */
constexpr int TV = 256, TH = 16, VPT = 8;

template <typename T, int CN, int K, bool PX32>
__global__ void __launch_bounds__(256) separable_tiled(Job j)
{
    constexpr bool U8 = sizeof(T) == 1;
    constexpr int TP = TV / CN, W = VPT * sizeof(T) / 4;
    extern __shared__ int4 smem4[];
    int *toff = reinterpret_cast<int *>(smem4);  /* [TP][K]: source element of a column's tap */
    int *tw = toff + TP * K;                      /* [TP][K]: its weight, int (U8) or float bits */
    int *ry = tw + TP * K;                        /* [TH][1 + K]: a row's first tap, weights */
    int *hs = ry + TH * (1 + K) + 4 - (TH * (1 + K)) % 4;  /* [rows][TV]: sums, 16-byte aligned */
    const int tx = (int)threadIdx.x, tyi = (int)threadIdx.y, tid = tyi * 32 + tx;
    const int px0 = (int)blockIdx.x * TP, y0 = (int)blockIdx.y * TH;
    const int np = min(TP, j.p.dst_w - px0), nv = np * CN, nrows = min(TH, j.p.dst_h - y0);
    for (int i = tid; i < np; i += 256) {
        vl_rescale_taps t;
        vl_rescale_col_taps(&j.p, px0 + i, &t);
#pragma unroll
        for (int k = 0; k < K; k++) {
            toff[i * K + k] = vl_rescale_clamp(t.first + k, j.p.src_w) * CN;
            tw[i * K + k] = U8 ? t.iw[k] : __float_as_int(t.w[k]);
        }
    }
    if (tid < nrows) {
        vl_rescale_taps t;
        vl_rescale_row_taps(&j.p, y0 + tid, &t);
        ry[tid * (1 + K)] = t.first;
#pragma unroll
        for (int k = 0; k < K; k++) ry[tid * (1 + K) + 1 + k] = U8 ? t.iw[k] : __float_as_int(t.w[k]);
    }
    vl_rescale_taps ta, tb;
    vl_rescale_row_taps(&j.p, y0, &ta);
    vl_rescale_row_taps(&j.p, y0 + nrows - 1, &tb);
    const int sy0 = vl_rescale_clamp(ta.first, j.p.src_h), nsy = vl_rescale_clamp(tb.first + K - 1, j.p.src_h) - sy0 + 1;
    __syncthreads();
    for (int r = tyi; r < nsy; r += 8) {
        const uint8_t *row = row_of(j.src, j.sp, sy0 + r);
        int *hr = hs + r * TV;
        for (int i = tx; i < np; i += 32) {
            if (U8) {
                int h[CN], s[CN];
#pragma unroll
                for (int c = 0; c < CN; c++) h[c] = 0;
#pragma unroll
                for (int k = 0; k < K; k++) {
                    load_i<T, CN, PX32>(row, toff[i * K + k], s);
#pragma unroll
                    for (int c = 0; c < CN; c++) h[c] += s[c] * tw[i * K + k];
                }
#pragma unroll
                for (int c = 0; c < CN; c++) hr[i * CN + c] = h[c];
            } else {
                float h[CN], s[CN];
                load_f<T, CN>(row, toff[i * K], s);
#pragma unroll
                for (int c = 0; c < CN; c++) h[c] = s[c] * __int_as_float(tw[i * K]);
#pragma unroll
                for (int k = 1; k < K; k++) {
                    load_f<T, CN>(row, toff[i * K + k], s);
#pragma unroll
                    for (int c = 0; c < CN; c++) h[c] = h[c] + s[c] * __int_as_float(tw[i * K + k]);
                }
#pragma unroll
                for (int c = 0; c < CN; c++) hr[i * CN + c] = __float_as_int(h[c]);
            }
        }
    }
    __syncthreads();
    const int v0 = tx * VPT;
    if (v0 >= nv) return;
    const int n = min(VPT, nv - v0);
    for (int yl = tyi * 2; yl < min(tyi * 2 + 2, nrows); yl++) {
        const int *t = ry + yl * (1 + K);
        int ai[VPT];
        float af[VPT];
#pragma unroll
        for (int r = 0; r < K; r++) {
            const int4 *h4 = reinterpret_cast<const int4 *>(hs + (vl_rescale_clamp(t[0] + r, j.p.src_h) - sy0) * TV + v0);
            const int b = t[1 + r];
            int h[VPT];
#pragma unroll
            for (int q = 0; q < VPT / 4; q++) {
                const int4 u = h4[q];
                h[4 * q] = u.x, h[4 * q + 1] = u.y, h[4 * q + 2] = u.z, h[4 * q + 3] = u.w;
            }
#pragma unroll
            for (int e = 0; e < VPT; e++) {
                if (U8) {
                    const int v = K == 2 ? (b * (h[e] >> 4)) >> 16 : h[e] * b;
                    ai[e] = r == 0 ? v : ai[e] + v;
                } else {
                    const float v = __int_as_float(h[e]) * __int_as_float(b);
                    af[e] = r == 0 ? v : af[e] + v;
                }
            }
        }
        uint32_t w[W];
        zero(w);
#pragma unroll
        for (int e = 0; e < VPT; e++) {
            if (U8) put_u8(w, e, K == 2 ? (uint32_t)((ai[e] + 2) >> 2) : vl_rescale_sat_u8((ai[e] + (1 << 21)) >> 22));
            else if (sizeof(T) == 2) put_u16(w, e, (uint32_t)(uint16_t)vl_rescale_f32_to_s16(af[e]));
            else w[e] = __float_as_uint(af[e]);
        }
        store_prefix(row_of(j.dst, j.dp, y0 + yl) + (px0 * CN + v0) * (int)sizeof(T), w, n * (int)sizeof(T));
    }
}

/* The tiled kernel's shared memory: column and row taps, and the source rows of the tallest tile. */
size_t tiled_smem(const vl_rescale_plan *p, int cn)
{
    int rows = 0;
    for (int y0 = 0; y0 < p->dst_h; y0 += TH) {
        vl_rescale_taps a, b;
        vl_rescale_row_taps(p, y0, &a);
        vl_rescale_row_taps(p, min(y0 + TH, p->dst_h) - 1, &b);
        rows = max(rows, vl_rescale_clamp(b.first + p->ksize - 1, p->src_h) - vl_rescale_clamp(a.first, p->src_h) + 1);
    }
    const int ry = TH * (1 + p->ksize);
    return (size_t)(2 * (TV / cn) * p->ksize + ry + 4 - ry % 4 + rows * TV) * sizeof(int);
}

/* ---- launch ------------------------------------------------------------------------------------- */

dim3 gather_grid(const vl_rescale_plan *p)
{
    const long long bx = (p->dst_w + 32 * NP - 1) / (32 * NP), by = (p->dst_h + 8 * RP - 1) / (8 * RP);
    return dim3((unsigned)bx, (unsigned)min(by, 65535LL), 1);
}

template <typename T, int CN, bool PX32>
void launch_gathers(const Job &j, cudaStream_t s)
{
    const dim3 block(32, 8), grid = gather_grid(&j.p);
    switch (j.p.kind) {
    case VL_RESCALE_NEAREST: nearest<T, CN, PX32><<<grid, block, 0, s>>>(j); break;
    case VL_RESCALE_AREA_FAST: area_fast<T, CN><<<grid, block, 0, s>>>(j); break;
    case VL_RESCALE_AREA: area<T, CN><<<grid, block, 0, s>>>(j); break;
    default:
        if (j.p.scale_y <= 1.0) {
            const dim3 tb(TV / VPT, TH / 2), tg((unsigned)((j.p.dst_w + TV / CN - 1) / (TV / CN)), (unsigned)((j.p.dst_h + TH - 1) / TH));
            const size_t smem = tiled_smem(&j.p, CN);
            if (j.p.ksize == 4) separable_tiled<T, CN, 4, PX32><<<tg, tb, smem, s>>>(j);
            else separable_tiled<T, CN, 2, PX32><<<tg, tb, smem, s>>>(j);
        } else if (j.p.ksize == 4) {
            separable<T, CN, 4, PX32><<<grid, block, 0, s>>>(j);
        } else {
            separable<T, CN, 2, PX32><<<grid, block, 0, s>>>(j);
        }
        break;
    }
}

/* U8 blocks of 2 or 4 columns: runs of N pixels, 8 bytes or more a row. */
template <int CN, int N>
bool launch_blocks(Job j, cudaStream_t s)
{
    if (j.p.kind != VL_RESCALE_AREA_FAST || (j.p.kx != 2 && j.p.kx != 4)) return false;
    j.runs = (j.p.dst_w + N - 1) / N;
    Geometry g = geometry_2d(j.runs, (j.p.dst_h + RB - 1) / RB);
    if (j.p.kx == 2) area_fast_u8<CN, N, 2><<<g.grid, g.block, 0, s>>>(j);
    else area_fast_u8<CN, N, 4><<<g.grid, g.block, 0, s>>>(j);
    return true;
}

bool aligned4(const void *p, int pitch) { return ((uintptr_t)p & 3) == 0 && (pitch & 3) == 0; }

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
    switch (p->depth) {
    case VL_DEPTH_U8:
        if (p->channels == 1) {
            if (!launch_blocks<1, 8>(j, s)) launch_gathers<uint8_t, 1, false>(j, s);
        } else if (p->channels == 3) {
            if (!launch_blocks<3, 4>(j, s)) launch_gathers<uint8_t, 3, false>(j, s);
        } else if (!launch_blocks<4, 4>(j, s)) {
            if (aligned4(j.src, j.sp) && aligned4(j.dst, j.dp)) launch_gathers<uint8_t, 4, true>(j, s);
            else launch_gathers<uint8_t, 4, false>(j, s);
        }
        break;
    case VL_DEPTH_S16: launch_gathers<int16_t, 1, false>(j, s); break;
    default: launch_gathers<float, 1, false>(j, s); break;
    }
    return vl_gpu_check_launch("rescale kernel");
}
