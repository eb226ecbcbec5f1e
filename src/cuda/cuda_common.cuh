/* Internal: device helpers shared by the CUDA kernels. C++14; builds with CUDA 10.2 (Jetson Nano,
 * sm_53) through CUDA 13. Kernels that must equal the plain-C reference bit for bit use these
 * instead of their own variants, so every family rounds, saturates and converts alike. */
#ifndef VL_CUDA_COMMON_CUH
#define VL_CUDA_COMMON_CUH

#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

namespace vl_cuda {

/* ---- runs of pixels in registers ----------------------------------------------------------------
 * A run is held as an array of 32-bit words, bytes in memory order (little-endian). Index them
 * with compile-time constants only (fully unrolled loops), so the arrays stay in registers. */

template <int N>
__device__ __forceinline__ uint32_t get_u8(const uint32_t (&w)[N], int i)
{
    return (w[i >> 2] >> ((i & 3) * 8)) & 0xffu;
}

template <int N>
__device__ __forceinline__ uint32_t get_u16(const uint32_t (&w)[N], int i)
{
    return (w[i >> 1] >> ((i & 1) * 16)) & 0xffffu;
}

/* The put_ functions OR into words that start at zero (see zero()). */
template <int N>
__device__ __forceinline__ void put_u8(uint32_t (&w)[N], int i, uint32_t v)
{
    w[i >> 2] |= (v & 0xffu) << ((i & 3) * 8);
}

template <int N>
__device__ __forceinline__ void put_u16(uint32_t (&w)[N], int i, uint32_t v)
{
    w[i >> 1] |= (v & 0xffffu) << ((i & 1) * 16);
}

template <int N>
__device__ __forceinline__ void zero(uint32_t (&w)[N])
{
#pragma unroll
    for (int i = 0; i < N; i++) w[i] = 0;
}

/* Loads the 4N bytes at p with the widest accesses p's alignment allows (16, 8, 4, 2 or 1 bytes),
 * through the read-only cache: no alignment is assumed. The caller's data must not change during
 * the kernel (inputs and outputs do not overlap). */
template <int N>
__device__ __forceinline__ void load_words(const uint8_t *p, uint32_t (&w)[N])
{
    const uintptr_t a = reinterpret_cast<uintptr_t>(p);
    if (N % 4 == 0 && (a & 15) == 0) {
        const uint4 *q = reinterpret_cast<const uint4 *>(p);
#pragma unroll
        for (int i = 0; i < N / 4; i++) {
            const uint4 v = __ldg(q + i);
            w[4 * i] = v.x;
            w[4 * i + 1] = v.y;
            w[4 * i + 2] = v.z;
            w[4 * i + 3] = v.w;
        }
    } else if (N % 2 == 0 && (a & 7) == 0) {
        const uint2 *q = reinterpret_cast<const uint2 *>(p);
#pragma unroll
        for (int i = 0; i < N / 2; i++) {
            const uint2 v = __ldg(q + i);
            w[2 * i] = v.x;
            w[2 * i + 1] = v.y;
        }
    } else if ((a & 3) == 0) {
        const unsigned int *q = reinterpret_cast<const unsigned int *>(p);
#pragma unroll
        for (int i = 0; i < N; i++) w[i] = __ldg(q + i);
    } else if ((a & 1) == 0) {
        const unsigned short *q = reinterpret_cast<const unsigned short *>(p);
#pragma unroll
        for (int i = 0; i < N; i++) w[i] = (uint32_t)__ldg(q + 2 * i) | (uint32_t)__ldg(q + 2 * i + 1) << 16;
    } else {
#pragma unroll
        for (int i = 0; i < N; i++)
            w[i] = (uint32_t)__ldg(p + 4 * i) | (uint32_t)__ldg(p + 4 * i + 1) << 8 |
                   (uint32_t)__ldg(p + 4 * i + 2) << 16 | (uint32_t)__ldg(p + 4 * i + 3) << 24;
    }
}

/* Stores the 4N bytes of w at p, as load_words loads them. */
template <int N>
__device__ __forceinline__ void store_words(uint8_t *p, const uint32_t (&w)[N])
{
    const uintptr_t a = reinterpret_cast<uintptr_t>(p);
    if (N % 4 == 0 && (a & 15) == 0) {
        uint4 *q = reinterpret_cast<uint4 *>(p);
#pragma unroll
        for (int i = 0; i < N / 4; i++) q[i] = make_uint4(w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
    } else if (N % 2 == 0 && (a & 7) == 0) {
        uint2 *q = reinterpret_cast<uint2 *>(p);
#pragma unroll
        for (int i = 0; i < N / 2; i++) q[i] = make_uint2(w[2 * i], w[2 * i + 1]);
    } else if ((a & 3) == 0) {
        unsigned int *q = reinterpret_cast<unsigned int *>(p);
#pragma unroll
        for (int i = 0; i < N; i++) q[i] = w[i];
    } else if ((a & 1) == 0) {
        unsigned short *q = reinterpret_cast<unsigned short *>(p);
#pragma unroll
        for (int i = 0; i < N; i++) {
            q[2 * i] = (unsigned short)w[i];
            q[2 * i + 1] = (unsigned short)(w[i] >> 16);
        }
    } else {
#pragma unroll
        for (int i = 0; i < N; i++) {
            p[4 * i] = (uint8_t)w[i];
            p[4 * i + 1] = (uint8_t)(w[i] >> 8);
            p[4 * i + 2] = (uint8_t)(w[i] >> 16);
            p[4 * i + 3] = (uint8_t)(w[i] >> 24);
        }
    }
}

/* The first n bytes at p (0 <= n <= 4N; whole words when n == 4N), the rest of w zero: the end of
 * a row is read up to its last byte and no further. */
template <int N>
__device__ __forceinline__ void load_prefix(const uint8_t *p, uint32_t (&w)[N], int n)
{
    if (n >= 4 * N) {
        load_words(p, w);
        return;
    }
    zero(w);
#pragma unroll
    for (int i = 0; i < 4 * N; i++)
        if (i < n) w[i >> 2] |= (uint32_t)__ldg(p + i) << ((i & 3) * 8);
}

/* The first n bytes of w to p (0 <= n <= 4N): nothing past a row's last byte is written. */
template <int N>
__device__ __forceinline__ void store_prefix(uint8_t *p, const uint32_t (&w)[N], int n)
{
    if (n >= 4 * N) {
        store_words(p, w);
        return;
    }
#pragma unroll
    for (int i = 0; i < 4 * N; i++)
        if (i < n) p[i] = (uint8_t)(w[i >> 2] >> ((i & 3) * 8));
}

/* ---- saturation and rounding, as the reference's --------------------------------------------- */

__device__ __forceinline__ uint32_t sat_u8(int v) { return (uint32_t)min(max(v, 0), 255); }

/* Clamp to [lo, hi], then round half to even; NaN becomes 0. */
__device__ __forceinline__ int round_saturate(float v, float lo, float hi)
{
    return isnan(v) ? 0 : __float2int_rn(fminf(fmaxf(v, lo), hi));
}

/* ---- binary16, as common/half.h ---------------------------------------------------------------
 * The hardware conversions for numbers; NaNs by hand, because the GPU may make them canonical where
 * the reference keeps sign and payload. */

__device__ __forceinline__ float f16_to_f32(uint32_t h)
{
    if ((h & 0x7fffu) > 0x7c00u)
        return __uint_as_float((h & 0x8000u) << 16 | 0x7f800000u | (h & 0x3ffu) << 13);
    return __half2float(__ushort_as_half((unsigned short)h));
}

__device__ __forceinline__ uint32_t f32_to_f16(float f)
{
    const uint32_t x = __float_as_uint(f);
    if ((x & 0x7fffffffu) > 0x7f800000u)  /* quiet, top payload bits kept */
        return (x >> 16 & 0x8000u) | 0x7e00u | (x >> 13 & 0x3ffu);
    return __half_as_ushort(__float2half_rn(f));
}

/* ---- launch geometry ---------------------------------------------------------------------------- */

/* 256-thread blocks over cols x rows threads: blocks shrink along a dimension that is short, and
 * the grid's y is capped at 65535, so kernels loop over rows with a stride of gridDim.y *
 * blockDim.y. */
struct Geometry {
    dim3 grid, block;
};

inline Geometry geometry_2d(long long cols, long long rows, unsigned threads = 256)
{
    unsigned bx = 32, by;
    while (bx > 1 && (long long)(bx / 2) >= cols) bx /= 2;
    by = threads / bx;
    while (by > 1 && (long long)(by / 2) >= rows) by /= 2;
    long long gx = (cols + bx - 1) / bx, gy = (rows + by - 1) / by;
    if (gy > 65535) gy = 65535;
    Geometry g;
    g.block = dim3(bx, by, 1);
    g.grid = dim3((unsigned)gx, (unsigned)gy, 1);
    return g;
}

/* ---- programmatic dependent launch ---------------------------------------------------------------
 * On sm_90 and later (CUDA 11.8+), a kernel launched by launch_overlapped may be scheduled while
 * the kernel before it on the stream is still finishing, instead of after a full drain: its blocks
 * start in the SMs that the other's last wave frees, and wait in overlap_wait() until that kernel
 * is done and its writes are visible. A kernel launched so must call overlap_wait() before it
 * touches memory, and calls overlap_allow() at its start to let the next one do the same. Older
 * devices and toolkits launch as usual (both calls are then no-ops). */

__device__ __forceinline__ void overlap_allow()
{
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

__device__ __forceinline__ void overlap_wait()
{
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

/* Whether the device takes programmatic launches (compute capability 9.0 or later), asked once. */
inline bool overlap_supported()
{
#if CUDART_VERSION >= 11080
    static const bool supported = [] {
        int device = 0, major = 0;
        return cudaGetDevice(&device) == cudaSuccess &&
               cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) == cudaSuccess && major >= 9;
    }();
    return supported;
#else
    return false;
#endif
}

template <typename... Params, typename... Args>
void launch_overlapped(void (*kernel)(Params...), const Geometry &g, cudaStream_t stream, Args... args)
{
#if CUDART_VERSION >= 11080
    if (overlap_supported()) {
        cudaLaunchAttribute attr[1];
        attr[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
        attr[0].val.programmaticStreamSerializationAllowed = 1;
        cudaLaunchConfig_t cfg = {};
        cfg.gridDim = g.grid;
        cfg.blockDim = g.block;
        cfg.dynamicSmemBytes = 0;
        cfg.stream = stream;
        cfg.attrs = attr;
        cfg.numAttrs = 1;
        cudaLaunchKernelEx(&cfg, kernel, args...);
        return;
    }
#endif
    kernel<<<g.grid, g.block, 0, stream>>>(args...);
}

}  // namespace vl_cuda

#endif
