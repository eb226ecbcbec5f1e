/* 2D and separable convolution on CUDA, in float with the reference's operations in its order
 * (__fmul_rn and __fadd_rn: never fused), so the results are byte-identical with
 * src/cpu/convolution_ref.c. The separable filter runs on the shared-memory tiles of
 * filter_common.cuh; the 2D one stages its tile and the weights in shared memory likewise, and each
 * thread sums kw x kh taps from there. F16 is stored as half and computed in float. */
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

template <int D>
void launch_sep(const vl_sepconv_plan *p, const vela_image_data *src, const vela_image_data *dst, cudaStream_t stream)
{
    FloatPolicy<D> policy;
    policy.value = p->s.value;
    memcpy(policy.kx, p->kx, sizeof policy.kx);
    memcpy(policy.ky, p->ky, sizeof policy.ky);
    launch_tile(p->s, src, dst, policy, stream);
}

/* ---- 2D ------------------------------------------------------------------------------------- */

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
