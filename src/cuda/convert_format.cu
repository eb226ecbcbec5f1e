/* Format conversion on CUDA: byte-identical to src/cpu/convert_format_ref.c for every input.
 *
 * Each thread converts a run of PX = 8 pixels of a row; for 4:2:0 sources the runs of the two rows
 * that share a chroma row (an 8x2 block), so chroma is loaded once. A run is loaded and stored as
 * whole 32-bit words with the widest accesses its address allows (16, 8, 4, 2 or 1 bytes: no
 * alignment is assumed, and with the usual 64-byte aligned pitched planes they are 8 or 16 bytes),
 * and converted in registers with the reference's arithmetic. The last run of a row, when the
 * width is not a multiple of 8, reads and writes only the bytes inside the row: nothing beyond a
 * plane's row bytes is touched, whatever the pitch. Blocks are 256 threads, 32 runs across where
 * the row is that long; the grid covers the image, looping over rows past 65535 blocks down. */
#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/convert_format.h"
#include "common/gpu.h"
#include "common/status.h"
}

namespace {

using namespace vl_cuda;

constexpr int PX = 8;  /* pixels per run */

struct Job {
    const uint8_t *s0, *s1, *s2;  /* source planes (s1, s2: 4:2:0 chroma) */
    uint8_t *d;
    int sp0, sp1, sp2, dp;        /* pitches in bytes */
    int width, height;
    int runs;                     /* runs in a row: ceil(width / PX) */
    int units;                    /* rows of threads: image rows, or row pairs for 4:2:0 */
};

__device__ __forceinline__ const uint8_t *row_of(const uint8_t *plane, int pitch, long long row)
{
    return plane + row * pitch;
}

__device__ __forceinline__ uint8_t *row_of(uint8_t *plane, int pitch, long long row)
{
    return plane + row * pitch;
}

/* This thread's run: its first pixel x0 and its length n (1..PX); false past the row's end.
 * x0 < width, so x0 times a pixel's bytes fits in an int as the row's bytes do. */
__device__ __forceinline__ bool my_run(const Job &j, int &x0, int &n)
{
    const int run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (run >= j.runs) return false;
    x0 = run * PX;
    n = min(PX, j.width - x0);
    return true;
}

#define FOR_EACH_UNIT(j, u)                                                  \
    for (long long u = (long long)blockIdx.y * blockDim.y + threadIdx.y; u < (j).units; \
         u += (long long)gridDim.y * blockDim.y)

/* ---- YUV -> RGB ----------------------------------------------------------------------------- */

/* One chroma sample's terms of R, G and B, rounding constant included. The reference sums
 * y + terms left to right; in int32 without overflow (|sum| < 2^30 for every plan) the order
 * does not change the result. */
struct Chroma {
    int r, g, b;
};

__device__ __forceinline__ Chroma chroma_terms(const vl_yuv_coeffs &c, uint32_t U, uint32_t V)
{
    const int u = (int)U - 128, v = (int)V - 128, half = 1 << (VL_YUV_SHIFT - 1);
    Chroma t;
    t.r = c.r_v * v + half;
    t.g = c.g_u * u + c.g_v * v + half;
    t.b = c.b_u * u + half;
    return t;
}

/* A run of PX lumas to DC-byte pixels; pixels 2k and 2k + 1 share chroma k. `swap`: blue first. */
template <int DC>
__device__ __forceinline__ void yuv_to_rgb_run(const vl_yuv_coeffs &c, const uint32_t (&Y)[PX],
                                               const Chroma (&ch)[PX / 2], bool swap,
                                               uint32_t (&out)[PX * DC / 4])
{
    zero(out);
#pragma unroll
    for (int i = 0; i < PX; i++) {
        const Chroma &t = ch[i >> 1];
        int y = (int)Y[i] - c.y_offset;
        y = max(y, 0) * c.y_mul;
        const uint32_t r = sat_u8((y + t.r) >> VL_YUV_SHIFT);
        const uint32_t g = sat_u8((y + t.g) >> VL_YUV_SHIFT);
        const uint32_t b = sat_u8((y + t.b) >> VL_YUV_SHIFT);
        put_u8(out, i * DC, swap ? b : r);
        put_u8(out, i * DC + 1, g);
        put_u8(out, i * DC + 2, swap ? r : b);
        if (DC == 4) put_u8(out, i * DC + (DC - 1), 255u);
    }
}

/* NV12/NV12_ER (PLANAR false: s1 holds U V pairs) and I420 (PLANAR: s1 U, s2 V). A 4:2:0 image
 * of odd size has chroma planes of ((w+1)/2, (h+1)/2): the last column and row have their own. */
template <bool PLANAR, int DC>
__global__ void __launch_bounds__(256) yuv420_to_rgb(Job j, vl_yuv_coeffs c, bool swap)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    const int cn = (n + 1) >> 1;  /* chroma samples the run uses */
    FOR_EACH_UNIT(j, pair) {
        const long long r0 = 2 * pair;
        const bool two = r0 + 1 < j.height;
        Chroma ch[PX / 2];
        if (PLANAR) {
            uint32_t uw[PX / 8], vw[PX / 8];
            load_prefix(row_of(j.s1, j.sp1, pair) + x0 / 2, uw, cn);
            load_prefix(row_of(j.s2, j.sp2, pair) + x0 / 2, vw, cn);
#pragma unroll
            for (int k = 0; k < PX / 2; k++) ch[k] = chroma_terms(c, get_u8(uw, k), get_u8(vw, k));
        } else {
            uint32_t cw[PX / 4];
            load_prefix(row_of(j.s1, j.sp1, pair) + x0, cw, 2 * cn);
#pragma unroll
            for (int k = 0; k < PX / 2; k++) ch[k] = chroma_terms(c, get_u8(cw, 2 * k), get_u8(cw, 2 * k + 1));
        }
        const uint8_t *y0 = row_of(j.s0, j.sp0, r0) + x0;
        uint8_t *d0 = row_of(j.d, j.dp, r0) + x0 * DC;
        uint32_t yw0[PX / 4], yw1[PX / 4], Y[PX], out[PX * DC / 4];
        load_prefix(y0, yw0, n);
        if (two) load_prefix(y0 + j.sp0, yw1, n);
        else zero(yw1);
#pragma unroll
        for (int i = 0; i < PX; i++) Y[i] = get_u8(yw0, i);
        yuv_to_rgb_run<DC>(c, Y, ch, swap, out);
        store_prefix(d0, out, n * DC);
        if (two) {
#pragma unroll
            for (int i = 0; i < PX; i++) Y[i] = get_u8(yw1, i);
            yuv_to_rgb_run<DC>(c, Y, ch, swap, out);
            store_prefix(d0 + j.dp, out, n * DC);
        }
    }
}

/* YUYV (Y0 U Y1 V) and UYVY (U Y0 V Y1): a run is PX / 2 groups of 4 bytes. A row of odd width
 * ends with a whole group whose second luma is not used. */
template <bool UYVY, int DC>
__global__ void __launch_bounds__(256) yuv422_to_rgb(Job j, vl_yuv_coeffs c, bool swap)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    const int yo = UYVY ? 1 : 0, uo = UYVY ? 0 : 1, vo = UYVY ? 2 : 3;
    const int group_bytes = 4 * ((n + 1) >> 1);
    FOR_EACH_UNIT(j, r) {
        uint32_t sw[PX / 2], Y[PX], out[PX * DC / 4];
        Chroma ch[PX / 2];
        load_prefix(row_of(j.s0, j.sp0, r) + 2 * x0, sw, group_bytes);
#pragma unroll
        for (int i = 0; i < PX; i++) Y[i] = get_u8(sw, 2 * i + yo);
#pragma unroll
        for (int k = 0; k < PX / 2; k++) ch[k] = chroma_terms(c, get_u8(sw, 4 * k + uo), get_u8(sw, 4 * k + vo));
        yuv_to_rgb_run<DC>(c, Y, ch, swap, out);
        store_prefix(row_of(j.d, j.dp, r) + x0 * DC, out, n * DC);
    }
}

/* ---- YUV -> gray: the luma ------------------------------------------------------------------ */

/* LAYOUT 0: a luma plane (4:2:0); 1: YUYV; 2: UYVY. */
template <int LAYOUT>
__global__ void __launch_bounds__(256) yuv_to_gray(Job j)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    FOR_EACH_UNIT(j, r) {
        uint32_t out[PX / 4];
        if (LAYOUT == 0) {
            load_prefix(row_of(j.s0, j.sp0, r) + x0, out, n);
        } else {
            const int yo = LAYOUT == 2 ? 1 : 0;
            uint32_t sw[PX / 2];
            load_prefix(row_of(j.s0, j.sp0, r) + 2 * x0, sw, 4 * ((n + 1) >> 1));
            zero(out);
#pragma unroll
            for (int i = 0; i < PX; i++) put_u8(out, i, get_u8(sw, 2 * i + yo));
        }
        store_prefix(row_of(j.d, j.dp, r) + x0, out, n);
    }
}

/* ---- RGB <-> RGB, gray ---------------------------------------------------------------------- */

/* SC, DC: bytes per pixel (3 or 4). `swap`: red and blue trade places (src_red != dst_red). Alpha
 * is kept from a 4-channel source, 255 otherwise. */
template <int SC, int DC>
__global__ void __launch_bounds__(256) rgb_to_rgb(Job j, bool swap)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    FOR_EACH_UNIT(j, r) {
        uint32_t sw[PX * SC / 4], out[PX * DC / 4];
        load_prefix(row_of(j.s0, j.sp0, r) + x0 * SC, sw, n * SC);
        zero(out);
#pragma unroll
        for (int i = 0; i < PX; i++) {
            const uint32_t c0 = get_u8(sw, i * SC), c1 = get_u8(sw, i * SC + 1), c2 = get_u8(sw, i * SC + 2);
            put_u8(out, i * DC, swap ? c2 : c0);
            put_u8(out, i * DC + 1, c1);
            put_u8(out, i * DC + 2, swap ? c0 : c2);
            if (DC == 4) put_u8(out, i * DC + (DC - 1), SC == 4 ? get_u8(sw, i * SC + (SC - 1)) : 255u);
        }
        store_prefix(row_of(j.d, j.dp, r) + x0 * DC, out, n * DC);
    }
}

/* (wr R + wg G + wb B + 2^14) >> 15 in int32, as the reference. `red2`: red is byte 2 (BGR). */
template <int SC>
__global__ void __launch_bounds__(256) rgb_to_gray(Job j, bool red2, int wr, int wg, int wb)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    FOR_EACH_UNIT(j, r) {
        uint32_t sw[PX * SC / 4], out[PX / 4];
        load_prefix(row_of(j.s0, j.sp0, r) + x0 * SC, sw, n * SC);
        zero(out);
#pragma unroll
        for (int i = 0; i < PX; i++) {
            const int c0 = (int)get_u8(sw, i * SC), g = (int)get_u8(sw, i * SC + 1), c2 = (int)get_u8(sw, i * SC + 2);
            const int R = red2 ? c2 : c0, B = red2 ? c0 : c2;
            put_u8(out, i, (uint32_t)((wr * R + wg * g + wb * B + (1 << (VL_GRAY_SHIFT - 1))) >> VL_GRAY_SHIFT));
        }
        store_prefix(row_of(j.d, j.dp, r) + x0, out, n);
    }
}

template <int DC>
__global__ void __launch_bounds__(256) gray_to_rgb(Job j)
{
    int x0, n;
    if (!my_run(j, x0, n)) return;
    FOR_EACH_UNIT(j, r) {
        uint32_t sw[PX / 4], out[PX * DC / 4];
        load_prefix(row_of(j.s0, j.sp0, r) + x0, sw, n);
        zero(out);
#pragma unroll
        for (int i = 0; i < PX; i++) {
            const uint32_t v = get_u8(sw, i);
            put_u8(out, i * DC, v);
            put_u8(out, i * DC + 1, v);
            put_u8(out, i * DC + 2, v);
            if (DC == 4) put_u8(out, i * DC + (DC - 1), 255u);
        }
        store_prefix(row_of(j.d, j.dp, r) + x0 * DC, out, n * DC);
    }
}

/* ---- bit depths ----------------------------------------------------------------------------- */

/* Element i of a run, as a float, and back: one specialisation per depth. */
template <int D> struct Elem;

template <> struct Elem<VL_DEPTH_U8> {
    static constexpr int bytes = 1;
    template <int N> __device__ static float load(const uint32_t (&w)[N], int i) { return (float)get_u8(w, i); }
    template <int N> __device__ static void store(uint32_t (&w)[N], int i, float v)
    {
        put_u8(w, i, (uint32_t)round_saturate(v, 0.0f, 255.0f));
    }
};

template <> struct Elem<VL_DEPTH_S16> {
    static constexpr int bytes = 2;
    template <int N> __device__ static float load(const uint32_t (&w)[N], int i)
    {
        return (float)(int)(int16_t)(uint16_t)get_u16(w, i);
    }
    template <int N> __device__ static void store(uint32_t (&w)[N], int i, float v)
    {
        put_u16(w, i, (uint32_t)round_saturate(v, -32768.0f, 32767.0f));
    }
};

template <> struct Elem<VL_DEPTH_U16> {
    static constexpr int bytes = 2;
    template <int N> __device__ static float load(const uint32_t (&w)[N], int i) { return (float)get_u16(w, i); }
    template <int N> __device__ static void store(uint32_t (&w)[N], int i, float v)
    {
        put_u16(w, i, (uint32_t)round_saturate(v, 0.0f, 65535.0f));
    }
};

template <> struct Elem<VL_DEPTH_F16> {
    static constexpr int bytes = 2;
    template <int N> __device__ static float load(const uint32_t (&w)[N], int i) { return f16_to_f32(get_u16(w, i)); }
    template <int N> __device__ static void store(uint32_t (&w)[N], int i, float v) { put_u16(w, i, f32_to_f16(v)); }
};

template <> struct Elem<VL_DEPTH_F32> {
    static constexpr int bytes = 4;
    template <int N> __device__ static float load(const uint32_t (&w)[N], int i) { return __uint_as_float(w[i]); }
    template <int N> __device__ static void store(uint32_t (&w)[N], int i, float v) { w[i] = __float_as_uint(v); }
};

/* v = src * scale + offset, the product and the sum each rounded (never fused), then stored as
 * the reference stores it. NaN payloads may differ from the CPU's; NaNs stay NaN. */
template <int SD, int DD>
__global__ void __launch_bounds__(256) convert_depth(Job j, float scale, float offset)
{
    typedef Elem<SD> S;
    typedef Elem<DD> D;
    int x0, n;
    if (!my_run(j, x0, n)) return;
    FOR_EACH_UNIT(j, r) {
        uint32_t sw[PX * S::bytes / 4], out[PX * D::bytes / 4];
        load_prefix(row_of(j.s0, j.sp0, r) + x0 * S::bytes, sw, n * S::bytes);
        zero(out);
#pragma unroll
        for (int i = 0; i < PX; i++) {
            const float x = S::load(sw, i);
            D::store(out, i, __fadd_rn(__fmul_rn(x, scale), offset));
        }
        store_prefix(row_of(j.d, j.dp, r) + x0 * D::bytes, out, n * D::bytes);
    }
}

/* ---- launching ------------------------------------------------------------------------------ */

template <typename... P, typename... A>
void launch(void (*kernel)(Job, P...), const Job &j, cudaStream_t stream, A... args)
{
    const Geometry g = geometry_2d(j.runs, j.units);
    kernel<<<g.grid, g.block, 0, stream>>>(j, args...);
}

template <int SD>
bool launch_depth(const vl_convert_plan *p, const Job &j, cudaStream_t s)
{
    switch (p->dst_depth) {
    case VL_DEPTH_U8: launch(convert_depth<SD, VL_DEPTH_U8>, j, s, p->scale, p->offset); return true;
    case VL_DEPTH_S16: launch(convert_depth<SD, VL_DEPTH_S16>, j, s, p->scale, p->offset); return true;
    case VL_DEPTH_U16: launch(convert_depth<SD, VL_DEPTH_U16>, j, s, p->scale, p->offset); return true;
    case VL_DEPTH_F16: launch(convert_depth<SD, VL_DEPTH_F16>, j, s, p->scale, p->offset); return true;
    case VL_DEPTH_F32: launch(convert_depth<SD, VL_DEPTH_F32>, j, s, p->scale, p->offset); return true;
    default: return false;
    }
}

/* Launches the plan's kernel; false if the plan has no kernel here. */
bool launch_plan(const vl_convert_plan *p, Job &j, cudaStream_t s)
{
    const vela_format sf = p->src_format;
    const bool four = p->dst_channels == 4, swap = p->dst_red == 2;
    switch (p->kind) {
    case VL_CONVERT_YUV_TO_RGB:
        if (sf == VELA_FORMAT_NV12 || sf == VELA_FORMAT_NV12_ER) {
            j.units = (j.height - 1) / 2 + 1;
            if (four) launch(yuv420_to_rgb<false, 4>, j, s, p->yuv, swap);
            else launch(yuv420_to_rgb<false, 3>, j, s, p->yuv, swap);
        } else if (sf == VELA_FORMAT_I420) {
            j.units = (j.height - 1) / 2 + 1;
            if (four) launch(yuv420_to_rgb<true, 4>, j, s, p->yuv, swap);
            else launch(yuv420_to_rgb<true, 3>, j, s, p->yuv, swap);
        } else if (sf == VELA_FORMAT_YUYV) {
            if (four) launch(yuv422_to_rgb<false, 4>, j, s, p->yuv, swap);
            else launch(yuv422_to_rgb<false, 3>, j, s, p->yuv, swap);
        } else if (sf == VELA_FORMAT_UYVY) {
            if (four) launch(yuv422_to_rgb<true, 4>, j, s, p->yuv, swap);
            else launch(yuv422_to_rgb<true, 3>, j, s, p->yuv, swap);
        } else {
            return false;
        }
        return true;
    case VL_CONVERT_YUV_TO_GRAY:
        if (sf == VELA_FORMAT_NV12 || sf == VELA_FORMAT_NV12_ER || sf == VELA_FORMAT_I420)
            launch(yuv_to_gray<0>, j, s);
        else if (sf == VELA_FORMAT_YUYV) launch(yuv_to_gray<1>, j, s);
        else if (sf == VELA_FORMAT_UYVY) launch(yuv_to_gray<2>, j, s);
        else return false;
        return true;
    case VL_CONVERT_RGB_TO_RGB: {
        const bool rb = p->src_red != p->dst_red;
        if (p->src_channels == 3 && !four) launch(rgb_to_rgb<3, 3>, j, s, rb);
        else if (p->src_channels == 3) launch(rgb_to_rgb<3, 4>, j, s, rb);
        else if (p->src_channels == 4 && !four) launch(rgb_to_rgb<4, 3>, j, s, rb);
        else if (p->src_channels == 4) launch(rgb_to_rgb<4, 4>, j, s, rb);
        else return false;
        return true;
    }
    case VL_CONVERT_RGB_TO_GRAY: {
        const bool red2 = p->src_red == 2;
        if (p->src_channels == 3) launch(rgb_to_gray<3>, j, s, red2, p->gray_r, p->gray_g, p->gray_b);
        else if (p->src_channels == 4) launch(rgb_to_gray<4>, j, s, red2, p->gray_r, p->gray_g, p->gray_b);
        else return false;
        return true;
    }
    case VL_CONVERT_GRAY_TO_RGB:
        if (four) launch(gray_to_rgb<4>, j, s);
        else launch(gray_to_rgb<3>, j, s);
        return true;
    case VL_CONVERT_DEPTH: {
        switch (p->src_depth) {
        case VL_DEPTH_U8: return launch_depth<VL_DEPTH_U8>(p, j, s);
        case VL_DEPTH_S16: return launch_depth<VL_DEPTH_S16>(p, j, s);
        case VL_DEPTH_U16: return launch_depth<VL_DEPTH_U16>(p, j, s);
        case VL_DEPTH_F16: return launch_depth<VL_DEPTH_F16>(p, j, s);
        case VL_DEPTH_F32: return launch_depth<VL_DEPTH_F32>(p, j, s);
        default: return false;
        }
    }
    }
    return false;
}

}  // namespace

extern "C" vela_status vl_convert_format_cuda(const vl_convert_plan *p, const vela_image_data *src,
                                              const vela_image_data *dst, void *gpu_stream)
{
    if (p->width <= 0 || p->height <= 0) return VELA_OK;
    Job j;
    j.s0 = static_cast<const uint8_t *>(src->planes[0].data);
    j.s1 = static_cast<const uint8_t *>(src->planes[1].data);
    j.s2 = static_cast<const uint8_t *>(src->planes[2].data);
    j.sp0 = src->planes[0].pitch;
    j.sp1 = src->planes[1].pitch;
    j.sp2 = src->planes[2].pitch;
    j.d = static_cast<uint8_t *>(dst->planes[0].data);
    j.dp = dst->planes[0].pitch;
    j.width = p->width;
    j.height = p->height;
    j.runs = (p->width - 1) / PX + 1;
    j.units = p->height;
    if (!launch_plan(p, j, static_cast<cudaStream_t>(gpu_stream)))
        return vl_fail(VELA_ERROR_NOT_IMPLEMENTED, "CUDA: converting %s to %s is not implemented",
                       vela_format_name(p->src_format), vela_format_name(p->dst_format));
    return vl_gpu_check_launch("convert_format kernel");
}
