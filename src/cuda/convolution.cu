/* 2D and separable convolution on CUDA, in float with the reference's operations in its order
 * (__fmul_rn and __fadd_rn: never fused), so the results are byte-identical with
 * src/cpu/convolution_ref.c. Square kernels of the common sizes run on kernels compiled for their
 * size (conv2d_fixed, sep_fixed: unrolled taps, weights as constant operands, several outputs per
 * thread); other shapes on the generic tiles: the separable one of filter_common.cuh, and
 * conv2d_tile, which stages its tile and the weights in shared memory and sums kw x kh taps from
 * there per output. F16 is stored as half and computed in float. */
#include "cuda/filter_common.cuh"

extern "C" {
#include "common/convolution.h"
}

namespace {

using namespace vl_filter;

/* An element of depth D as float, and back. */
template <int D>
__device__ __forceinline__ float load_elem(const uint8_t *row, int e)
{
    switch (D) {
    case VL_DEPTH_U8: return (float)__ldg(row + e);
    case VL_DEPTH_S16: return (float)__ldg(reinterpret_cast<const short *>(row) + e);
    case VL_DEPTH_F16: return f16_to_f32(__ldg(reinterpret_cast<const unsigned short *>(row) + e));
    default: return __ldg(reinterpret_cast<const float *>(row) + e);
    }
}

template <int D>
__device__ __forceinline__ void store_elem(uint8_t *row, int e, float v)
{
    switch (D) {
    case VL_DEPTH_U8: row[e] = (uint8_t)round_saturate(v, 0.0f, 255.0f); break;
    case VL_DEPTH_S16: reinterpret_cast<short *>(row)[e] = (short)round_saturate(v, -32768.0f, 32767.0f); break;
    case VL_DEPTH_F16: reinterpret_cast<unsigned short *>(row)[e] = (unsigned short)f32_to_f16(v); break;
    default: reinterpret_cast<float *>(row)[e] = v; break;
    }
}

template <int D>
struct FloatPolicy {
    typedef float T;
    float value;
    float kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    __device__ float load(const uint8_t *row, int e) const { return row ? load_elem<D>(row, e) : value; }
    __device__ float hfirst(float x) const { return __fmul_rn(kx[0], x); }
    __device__ float hnext(float h, int t, float x) const { return __fadd_rn(h, __fmul_rn(kx[t], x)); }
    __device__ float vfirst(float x) const { return __fmul_rn(ky[0], x); }
    __device__ float vnext(float v, int t, float x) const { return __fadd_rn(v, __fmul_rn(ky[t], x)); }
    __device__ void store(uint8_t *row, int e, float v) const { store_elem<D>(row, e, v); }
};

/* ---- fixed kernel sizes ----------------------------------------------------------------------
 * A block stages a CT_W x CT_H tile of the source (border applied, as floats) in shared memory.
 * Each thread then owns RX adjacent outputs of RY rows: it reads each source row of its window once
 * (RX + kw - 1 values, as float4s: conflict-free) and feeds every output that row touches. With the
 * size a template argument the tap loops unroll, so the weights are constant-bank operands and the
 * window lives in registers. Every output still sums its taps in the reference's order (rows
 * ascending, columns ascending within a row), so the sums are the reference's. */

constexpr int CT_W = 128;       /* outputs across a tile: a warp of RX each */
constexpr int CT_H = 32;        /* output rows of a tile */
constexpr int CT_THREADS = 128;
constexpr int RX = 4;

template <int D>
struct ElemSize {
    static constexpr int value = D == VL_DEPTH_U8 ? 1 : D == VL_DEPTH_F32 ? 4 : 2;
};

/* The staged columns of a kernel kw wide. The tile is staged from A columns left of its first
 * output, A the reach rounded up to 4, so the source chunks of 4 elements line up with the row
 * (whole-word loads where the row is aligned); a thread's window then starts D floats into its
 * first float4. */
template <int KW>
struct Span {
    static constexpr int AX = KW / 2;
    static constexpr int A = (AX + 3) / 4 * 4;
    static constexpr int D = A - AX;
    static constexpr int NF = (D + RX + KW - 1 + 3) / 4;  /* float4s of a thread's window row */
    static constexpr int COLS = CT_W - RX + 4 * NF;        /* staged floats per row */
};

template <int N>
struct Taps {
    float w[N];
};

/* Element x of a source row with the border applied (row NULL: a constant border row). */
template <int D>
__device__ __forceinline__ float border_elem(const TileJob &t, const uint8_t *row, int x, float value)
{
    const int gx = border_index(t.border, x, t.width);
    return row && gx >= 0 ? load_elem<D>(row, gx) : value;
}

/* Stages rows y0 .. y0 + ROWS - 1 and columns x0 .. x0 + COLS - 1 of the source, in chunks of 4. */
template <int D, int KW, int ROWS>
__device__ __forceinline__ void stage(const TileJob &t, float value, int x0, int y0, float *in)
{
    constexpr int E = ElemSize<D>::value, CHUNKS = Span<KW>::COLS / 4;
#pragma unroll 4
    for (int i = threadIdx.x; i < ROWS * CHUNKS; i += CT_THREADS) {
        const int r = i / CHUNKS, c = i - r * CHUNKS, x = x0 + 4 * c;  /* constant divisor: a multiply */
        const int gy = border_index(t.border, y0 + r, t.height);
        const uint8_t *row = gy < 0 ? nullptr : t.src + (long long)gy * t.sp;
        float v[4];
        if (row && x >= 0 && x + 4 <= t.width) {
            uint32_t w[E];
            load_words(row + x * E, w);
#pragma unroll
            for (int k = 0; k < 4; k++) {
                switch (D) {
                case VL_DEPTH_U8: v[k] = (float)get_u8(w, k); break;
                case VL_DEPTH_S16: v[k] = (float)(short)get_u16(w, k); break;
                case VL_DEPTH_F16: v[k] = f16_to_f32(get_u16(w, k)); break;
                default: v[k] = __uint_as_float(w[k]); break;
                }
            }
        } else {
#pragma unroll
            for (int k = 0; k < 4; k++) v[k] = border_elem<D>(t, row, x + k, value);
        }
        reinterpret_cast<float4 *>(in + r * Span<KW>::COLS)[c] = make_float4(v[0], v[1], v[2], v[3]);
    }
}

/* The window row of a thread: staged row r, from its first output's leftmost tap on. */
template <int KW>
__device__ __forceinline__ void window_row(const float *in, int r, int lane, float (&s)[4 * Span<KW>::NF])
{
    const float4 *p = reinterpret_cast<const float4 *>(in + r * Span<KW>::COLS) + lane;
#pragma unroll
    for (int f = 0; f < Span<KW>::NF; f++) {
        const float4 q = p[f];
        s[4 * f] = q.x, s[4 * f + 1] = q.y, s[4 * f + 2] = q.z, s[4 * f + 3] = q.w;
    }
}

/* Stores a thread's RX outputs of a row, of which n lie inside it, with the widest stores the
 * row's alignment allows. */
template <int D>
__device__ __forceinline__ void store_run(uint8_t *row, int x, int n, const float (&v)[RX])
{
    constexpr int E = ElemSize<D>::value;
    uint32_t w[E];
    zero(w);
#pragma unroll
    for (int k = 0; k < RX; k++) {
        switch (D) {
        case VL_DEPTH_U8: put_u8(w, k, (uint32_t)round_saturate(v[k], 0.0f, 255.0f)); break;
        case VL_DEPTH_S16: put_u16(w, k, (uint32_t)round_saturate(v[k], -32768.0f, 32767.0f)); break;
        case VL_DEPTH_F16: put_u16(w, k, f32_to_f16(v[k])); break;
        default: w[k] = __float_as_uint(v[k]); break;
        }
    }
    store_prefix(row + x * E, w, min(n, RX) * E);
}

/* Taps of 2D kernels: RY output rows per thread share their source rows, as far as registers
 * and the unrolled code stay small. */
template <int D, int KW, int KH>
__global__ void __launch_bounds__(CT_THREADS) conv2d_fixed(TileJob t, float value, Taps<KW * KH> k)
{
    typedef Span<KW> S;
    constexpr int RY = KW * KH > 49 ? 2 : 4, ROWS = CT_H + KH - 1;
    __shared__ __align__(16) float in[ROWS * S::COLS];
    const int tx = blockIdx.x * CT_W, ty = blockIdx.y * CT_H;
    stage<D, KW, ROWS>(t, value, tx - S::A, ty - KH / 2, in);
    __syncthreads();
    const int lane = threadIdx.x & 31, x = tx + RX * lane;
    if (x >= t.width) return;
    for (int g = (threadIdx.x >> 5) * RY; g < CT_H && ty + g < t.height; g += CT_THREADS / 32 * RY) {
        float acc[RY][RX];
#pragma unroll
        for (int r = 0; r < RY + KH - 1; r++) {
            float s[4 * S::NF];
            window_row<KW>(in, g + r, lane, s);
#pragma unroll
            for (int i = 0; i < RY; i++) {
                const int b = r - i;  /* the kernel row that source row r is to output row i */
                if (b < 0 || b >= KH) continue;
#pragma unroll
                for (int a = 0; a < KW; a++)
#pragma unroll
                    for (int o = 0; o < RX; o++) {
                        const float p = __fmul_rn(k.w[b * KW + a], s[S::D + o + a]);
                        acc[i][o] = b == 0 && a == 0 ? p : __fadd_rn(acc[i][o], p);
                    }
            }
        }
#pragma unroll
        for (int i = 0; i < RY; i++)
            if (ty + g + i < t.height) store_run<D>(t.dst + (long long)(ty + g + i) * t.dp, x, t.width - x, acc[i]);
    }
}

/* Separable: each thread runs the horizontal pass of its window rows itself (no second staging
 * and barrier); eight output rows per thread keep the rows it passes twice few. */
template <int D, int KW, int KH>
__global__ void __launch_bounds__(CT_THREADS) sep_fixed(TileJob t, float value, Taps<KW> kx, Taps<KH> ky)
{
    typedef Span<KW> S;
    constexpr int RY = 8, ROWS = CT_H + KH - 1;
    static_assert(CT_H == CT_THREADS / 32 * RY, "one row group per warp");
    __shared__ __align__(16) float in[ROWS * S::COLS];
    const int tx = blockIdx.x * CT_W, ty = blockIdx.y * CT_H;
    stage<D, KW, ROWS>(t, value, tx - S::A, ty - KH / 2, in);
    __syncthreads();
    const int lane = threadIdx.x & 31, x = tx + RX * lane, g = (threadIdx.x >> 5) * RY;
    if (x >= t.width || ty + g >= t.height) return;
    float acc[RY][RX];
#pragma unroll
    for (int r = 0; r < RY + KH - 1; r++) {
        float s[4 * S::NF], h[RX];
        window_row<KW>(in, g + r, lane, s);
#pragma unroll
        for (int o = 0; o < RX; o++) {
            h[o] = __fmul_rn(kx.w[0], s[S::D + o]);
#pragma unroll
            for (int a = 1; a < KW; a++) h[o] = __fadd_rn(h[o], __fmul_rn(kx.w[a], s[S::D + o + a]));
        }
#pragma unroll
        for (int i = 0; i < RY; i++) {
            const int b = r - i;
            if (b < 0 || b >= KH) continue;
#pragma unroll
            for (int o = 0; o < RX; o++) {
                const float p = __fmul_rn(ky.w[b], h[o]);
                acc[i][o] = b == 0 ? p : __fadd_rn(acc[i][o], p);
            }
        }
    }
#pragma unroll
    for (int i = 0; i < RY; i++)
        if (ty + g + i < t.height) store_run<D>(t.dst + (long long)(ty + g + i) * t.dp, x, t.width - x, acc[i]);
}

inline dim3 fixed_grid(const vl_filter_shape &s)
{
    return dim3((unsigned)((s.width + CT_W - 1) / CT_W), (unsigned)((s.height + CT_H - 1) / CT_H));
}

template <int D, int K>
void launch_sep_fixed(const vl_sepconv_plan *p, const TileJob &t, cudaStream_t stream)
{
    Taps<K> kx, ky;
    memcpy(kx.w, p->kx, sizeof kx.w);
    memcpy(ky.w, p->ky, sizeof ky.w);
    sep_fixed<D, K, K><<<fixed_grid(p->s), CT_THREADS, 0, stream>>>(t, p->s.value, kx, ky);
}

template <int D, int K>
void launch_conv2d_fixed(const vl_conv2d_plan *p, const TileJob &t, cudaStream_t stream)
{
    Taps<K * K> k;
    memcpy(k.w, p->k, sizeof k.w);
    conv2d_fixed<D, K, K><<<fixed_grid(p->s), CT_THREADS, 0, stream>>>(t, p->s.value, k);
}

template <int D>
void launch_sep(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst, cudaStream_t stream)
{
    if (p->s.kw == p->s.kh && p->s.channels == 1) {
        const TileJob t = tile_job(p->s, src, dst);
        switch (p->s.kw) {
        case 3: launch_sep_fixed<D, 3>(p, t, stream); return;
        case 5: launch_sep_fixed<D, 5>(p, t, stream); return;
        case 7: launch_sep_fixed<D, 7>(p, t, stream); return;
        case 9: launch_sep_fixed<D, 9>(p, t, stream); return;
        case 11: launch_sep_fixed<D, 11>(p, t, stream); return;
        case 13: launch_sep_fixed<D, 13>(p, t, stream); return;
        case 15: launch_sep_fixed<D, 15>(p, t, stream); return;
        default: break;
        }
    }
    FloatPolicy<D> policy;
    policy.value = p->s.value;
    memcpy(policy.kx, p->kx, sizeof policy.kx);
    memcpy(policy.ky, p->ky, sizeof policy.ky);
    launch_tile(p->s, src, dst, policy, stream);
}

/* ---- 2D, any size ---------------------------------------------------------------------------- */

struct Conv2dJob {
    TileJob t;
    float value;
    float k[VELA_CONVOLUTION_MAX_KERNEL * VELA_CONVOLUTION_MAX_KERNEL];
};

template <int D>
__global__ void __launch_bounds__(TILE_THREADS) conv2d_tile(Conv2dJob j)
{
    extern __shared__ __align__(16) unsigned char smem_raw[];
    const TileJob &t = j.t;
    const int in_w = TILE_W + t.kw - 1, in_h = TILE_H + t.kh - 1, taps = t.kw * t.kh;
    float *k = reinterpret_cast<float *>(smem_raw);
    float *in = k + taps;
    const int x0 = blockIdx.x * TILE_W, y0 = blockIdx.y * TILE_H;
    for (int i = threadIdx.x; i < taps; i += TILE_THREADS) k[i] = j.k[i];
    for (int i = threadIdx.x; i < in_h * in_w; i += TILE_THREADS) {
        const int ty = i / in_w, tx = i - ty * in_w;
        const int gy = border_index(t.border, y0 - t.kh / 2 + ty, t.height);
        const int gx = border_index(t.border, x0 - t.kw / 2 + tx, t.width);
        in[i] = gy < 0 || gx < 0 ? j.value : load_elem<D>(t.src + (long long)gy * t.sp, gx);
    }
    __syncthreads();
    for (int i = threadIdx.x; i < TILE_H * TILE_W; i += TILE_THREADS) {
        const int ty = i / TILE_W, tx = i - ty * TILE_W, gy = y0 + ty, gx = x0 + tx;
        if (gy >= t.height || gx >= t.width) continue;
        const float *c = in + ty * in_w + tx;
        float v = __fmul_rn(k[0], c[0]);
        for (int a = 1; a < t.kw; a++) v = __fadd_rn(v, __fmul_rn(k[a], c[a]));
        for (int b = 1; b < t.kh; b++) {
            const float *r = c + b * in_w, *kr = k + b * t.kw;
            for (int a = 0; a < t.kw; a++) v = __fadd_rn(v, __fmul_rn(kr[a], r[a]));
        }
        store_elem<D>(t.dst + (long long)gy * t.dp, gx, v);
    }
}

template <int D>
void launch_conv2d(const vl_conv2d_plan *p, const vela_image_data *src, const vela_image_data *dst, cudaStream_t stream)
{
    const vl_filter_shape &s = p->s;
    if (s.kw == s.kh && s.channels == 1) {
        const TileJob t = tile_job(s, src, dst);
        switch (s.kw) {
        case 3: launch_conv2d_fixed<D, 3>(p, t, stream); return;
        case 5: launch_conv2d_fixed<D, 5>(p, t, stream); return;
        case 7: launch_conv2d_fixed<D, 7>(p, t, stream); return;
        case 9: launch_conv2d_fixed<D, 9>(p, t, stream); return;
        case 11: launch_conv2d_fixed<D, 11>(p, t, stream); return;
        default: break;
        }
    }
    Conv2dJob j;
    j.t = tile_job(s, src, dst);
    j.value = s.value;
    memcpy(j.k, p->k, sizeof j.k);
    const size_t smem = sizeof(float) * ((size_t)s.kw * s.kh + (size_t)(TILE_H + s.kh - 1) * (TILE_W + s.kw - 1));
    dim3 grid((unsigned)((s.width + TILE_W - 1) / TILE_W), (unsigned)((s.height + TILE_H - 1) / TILE_H));
    conv2d_tile<D><<<grid, TILE_THREADS, smem, stream>>>(j);
}

}  // namespace

extern "C" vela_status vl_sepconv_cuda(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                       void *gpu_stream)
{
    if (p->s.width <= 0 || p->s.height <= 0) return VELA_OK;
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    switch (p->s.depth) {
    case VL_DEPTH_U8: launch_sep<VL_DEPTH_U8>(p, src, dst, stream); break;
    case VL_DEPTH_S16: launch_sep<VL_DEPTH_S16>(p, src, dst, stream); break;
    case VL_DEPTH_F16: launch_sep<VL_DEPTH_F16>(p, src, dst, stream); break;
    case VL_DEPTH_F32: launch_sep<VL_DEPTH_F32>(p, src, dst, stream); break;
    default: return vl_fail(VELA_ERROR_NOT_IMPLEMENTED, "CUDA: separable convolution of %s", vela_format_name(p->s.format));
    }
    return vl_gpu_check_launch("separable convolution kernel");
}

extern "C" vela_status vl_conv2d_cuda(const vl_conv2d_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                      void *gpu_stream)
{
    if (p->s.width <= 0 || p->s.height <= 0) return VELA_OK;
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    switch (p->s.depth) {
    case VL_DEPTH_U8: launch_conv2d<VL_DEPTH_U8>(p, src, dst, stream); break;
    case VL_DEPTH_S16: launch_conv2d<VL_DEPTH_S16>(p, src, dst, stream); break;
    case VL_DEPTH_F16: launch_conv2d<VL_DEPTH_F16>(p, src, dst, stream); break;
    case VL_DEPTH_F32: launch_conv2d<VL_DEPTH_F32>(p, src, dst, stream); break;
    default: return vl_fail(VELA_ERROR_NOT_IMPLEMENTED, "CUDA: convolution of %s", vela_format_name(p->s.format));
    }
    return vl_gpu_check_launch("convolution kernel");
}
