/* One pyramid level down on CUDA: byte-identical to src/cpu/pyramid_ref.c.
 *
 * Each thread makes a run of N consecutive destination pixels in R rows: the five source columns
 * of each pixel (through the border) are found once, then every output sums its 5x5 neighbourhood
 * in registers, in the reference's order for F32, and the run is stored as whole words
 * (store_prefix: nothing past a row's last byte). U8 runs inside 16-byte aligned rows load their
 * source window as whole 16-byte words instead of byte by byte. Neighbouring threads read
 * overlapping source lines, which the caches serve. */
#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/gpu.h"
#include "common/pyramid.h"
#include "common/status.h"
}

namespace {

using namespace vl_cuda;

constexpr int R = 2;  /* destination rows per thread */

struct Job {
    vl_pyr_plan p;
    const uint8_t *src;
    uint8_t *dst;
    int sp, dp;
    int runs;
};

/* common/border.h's vl_border_index, for the device: REPLICATE, REFLECT, REFLECT_101. */
__device__ __forceinline__ int border_index(int border, int i, int n)
{
    if ((unsigned)i < (unsigned)n) return i;
    if (border == VELA_BORDER_REPLICATE) return i < 0 ? 0 : n - 1;
    if (n == 1) return 0;
    const int delta = border == VELA_BORDER_REFLECT_101;
    do {
        if (i < 0) i = -i - 1 + delta;
        else i = n - 1 - (i - n) - delta;
    } while ((unsigned)i >= (unsigned)n);
    return i;
}

template <typename T>
__device__ __forceinline__ T ld(const uint8_t *row, int i)
{
    return __ldg(reinterpret_cast<const T *>(row) + i);
}

/* U8 runs away from the left and right borders, in 16-byte aligned rows: the run's 2N + 3 source
 * pixels lie in a window that starts 16 bytes before its centre pixels (2 x0 CN is a multiple of
 * 16) and is loaded as whole 16-byte words; each tap is then a byte at a compile-time offset. */
template <int CN, int N>
__device__ __forceinline__ bool pyr_run_u8(const Job &j, int x0, int n, const uint8_t *const *rows, uint32_t *w)
{
    constexpr int WS = (16 + (2 * N + 1) * CN + 15) / 16 * 4;  /* window words */
    const int a = 2 * x0 * CN - 16;
    if (n < N || a < 0 || a + 4 * WS > j.p.src_w * CN) return false;
    int t[N * CN];
#pragma unroll
    for (int v = 0; v < N * CN; v++) t[v] = 0;
#pragma unroll
    for (int k = 0; k < 5; k++) {
        uint32_t s[WS];
        load_words(rows[k] + a, s);
        const int kk = k == 0 || k == 4 ? 1 : k == 2 ? 6 : 4;
#pragma unroll
        for (int i = 0; i < N; i++)
#pragma unroll
            for (int c = 0; c < CN; c++) {
                const int b = (2 * i - 2) * CN + c + 16;  /* tap 0's byte in the window */
                const int r = (int)get_u8(s, b) + 4 * (int)get_u8(s, b + CN) + 6 * (int)get_u8(s, b + 2 * CN) +
                              4 * (int)get_u8(s, b + 3 * CN) + (int)get_u8(s, b + 4 * CN);
                t[i * CN + c] += kk * r;
            }
    }
#pragma unroll
    for (int q = 0; q < N * CN / 4; q++)
        w[q] = (uint32_t)((t[4 * q] + 128) >> 8) | (uint32_t)((t[4 * q + 1] + 128) >> 8) << 8 |
               (uint32_t)((t[4 * q + 2] + 128) >> 8) << 16 | (uint32_t)((t[4 * q + 3] + 128) >> 8) << 24;
    return true;
}

template <typename T, int CN, int N, bool VEC>
__global__ void __launch_bounds__(256) pyr_down(Job j)
{
    constexpr int W = N * CN * sizeof(T) / 4;
    const int run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (run >= j.runs) return;
    const int x0 = run * N, n = min(N, j.p.dst_w - x0);
    int col[N][5];
#pragma unroll
    for (int i = 0; i < N; i++)
#pragma unroll
        for (int k = 0; k < 5; k++) col[i][k] = border_index(j.p.border, 2 * min(x0 + i, j.p.dst_w - 1) - 2 + k, j.p.src_w) * CN;
    for (int y0 = (int)(blockIdx.y * blockDim.y + threadIdx.y) * R; y0 < j.p.dst_h; y0 += (int)(gridDim.y * blockDim.y) * R)
        for (int y = y0; y < min(y0 + R, j.p.dst_h); y++) {
            const uint8_t *rows[5];
#pragma unroll
            for (int k = 0; k < 5; k++)
                rows[k] = j.src + (long long)border_index(j.p.border, 2 * y - 2 + k, j.p.src_h) * j.sp;
            uint32_t w[W];
            if (VEC && pyr_run_u8<CN, N>(j, x0, n, rows, w)) {
                store_words(j.dst + (long long)y * j.dp + x0 * CN, w);
                continue;
            }
            zero(w);
#pragma unroll
            for (int i = 0; i < N; i++)
#pragma unroll
                for (int c = 0; c < CN; c++) {
                    const int v = i * CN + c;
                    if (sizeof(T) == 4) {
                        float r[5];
#pragma unroll
                        for (int k = 0; k < 5; k++) {
                            const uint8_t *s = rows[k];
                            r[k] = (((float)ld<T>(s, col[i][2] + c) * 6 + ((float)ld<T>(s, col[i][1] + c) + (float)ld<T>(s, col[i][3] + c)) * 4) +
                                    (float)ld<T>(s, col[i][0] + c)) + (float)ld<T>(s, col[i][4] + c);
                        }
                        w[v] = __float_as_uint((((r[2] * 6 + (r[1] + r[3]) * 4) + r[0]) + r[4]) * (1.f / 256.f));
                    } else {
                        int t = 0;
#pragma unroll
                        for (int k = 0; k < 5; k++) {
                            const uint8_t *s = rows[k];
                            const int r = (int)ld<T>(s, col[i][0] + c) + 4 * (int)ld<T>(s, col[i][1] + c) +
                                          6 * (int)ld<T>(s, col[i][2] + c) + 4 * (int)ld<T>(s, col[i][3] + c) +
                                          (int)ld<T>(s, col[i][4] + c);
                            t += (k == 0 || k == 4 ? 1 : k == 2 ? 6 : 4) * r;
                        }
                        t = (t + 128) >> 8;
                        if (sizeof(T) == 1) put_u8(w, v, (uint32_t)t);
                        else put_u16(w, v, (uint32_t)t);
                    }
                }
            store_prefix(j.dst + (long long)y * j.dp + x0 * CN * (int)sizeof(T), w, n * CN * (int)sizeof(T));
        }
}

template <typename T, int CN, int N>
void launch(Job j, cudaStream_t s)
{
    j.runs = (j.p.dst_w + N - 1) / N;
    Geometry g = geometry_2d(j.runs, (j.p.dst_h + R - 1) / R);
    const bool vec = sizeof(T) == 1 && CN != 3 && ((uintptr_t)j.src & 15) == 0 && (j.sp & 15) == 0;
    if (vec) pyr_down<T, CN, N, CN != 3><<<g.grid, g.block, 0, s>>>(j);
    else pyr_down<T, CN, N, false><<<g.grid, g.block, 0, s>>>(j);
}

}  // namespace

extern "C" vela_status vl_pyr_down_cuda(const vl_pyr_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                        void *gpu_stream)
{
    cudaStream_t s = static_cast<cudaStream_t>(gpu_stream);
    Job j;
    j.p = *p;
    j.src = static_cast<const uint8_t *>(src->planes[0].data);
    j.dst = static_cast<uint8_t *>(dst->planes[0].data);
    j.sp = src->planes[0].pitch;
    j.dp = dst->planes[0].pitch;
    j.runs = 0;
    switch (p->depth) {
    case VL_DEPTH_U8:
        if (p->channels == 1) launch<uint8_t, 1, 8>(j, s);
        else if (p->channels == 3) launch<uint8_t, 3, 4>(j, s);
        else launch<uint8_t, 4, 4>(j, s);
        break;
    case VL_DEPTH_S16: launch<int16_t, 1, 4>(j, s); break;
    default: launch<float, 1, 4>(j, s); break;
    }
    return vl_gpu_check_launch("pyr_down kernel");
}
