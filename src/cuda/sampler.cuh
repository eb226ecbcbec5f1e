/* Internal: sampling a source plane at table entries (common/remap.h) on the device, shared by
 * remap.cu and warp_perspective.cu. Byte-identical with src/cpu/remap_ref.c: the same borders and
 * the same arithmetic (8-bit LINEAR in the separable integer form that equals OpenCV's 15-bit
 * table, float sums in OpenCV's order without fused multiply-adds, CUBIC from the reference's own
 * tables uploaded to the device). */
#ifndef VL_CUDA_SAMPLER_CUH
#define VL_CUDA_SAMPLER_CUH

#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/remap.h"
}

namespace vl_cuda {

/* A source plane and how it is sampled. */
struct Source {
    const uint8_t *data;
    int pitch, width, height;
    int border;              /* vela_border */
    bool aligned4;           /* data and pitch are multiples of 4: 8-bit RGBA pixels load as words */
    bool off32;              /* the plane's bytes fit 32-bit offsets */
    uint32_t cval_bits[4];   /* the border value per channel, as the element's bits */
    const int16_t *cubic_i;  /* vl_interp_tables' cubic tables, in device memory */
    const float *cubic_f;
};

__device__ __forceinline__ int border_index(int border, int i, int n)
{
    if ((unsigned)i < (unsigned)n) return i;
    switch (border) {
    case VELA_BORDER_REPLICATE: return i < 0 ? 0 : n - 1;
    case VELA_BORDER_REFLECT:
    case VELA_BORDER_REFLECT_101: {
        if (n == 1) return 0;
        const int delta = border == VELA_BORDER_REFLECT_101;
        do {
            if (i < 0) i = -i - 1 + delta;
            else i = n - 1 - (i - n) - delta;
        } while ((unsigned)i >= (unsigned)n);
        return i;
    }
    default: return -1;
    }
}

/* Element types: the value a weighted sum works with (int for U8, float otherwise). */
template <typename T> struct Elem;
template <> struct Elem<uint8_t> {
    typedef int acc;
    static __device__ __forceinline__ int from_bits(uint32_t b) { return (int)b; }
};
template <> struct Elem<int16_t> {
    typedef float acc;
    static __device__ __forceinline__ float from_bits(uint32_t b) { return (float)(int16_t)b; }
};
template <> struct Elem<float> {
    typedef float acc;
    static __device__ __forceinline__ float from_bits(uint32_t b) { return __uint_as_float(b); }
};

template <typename T, int CN>
__device__ __forceinline__ const uint8_t *pixel_at(const Source &s, int x, int y)
{
    return s.data + (long long)y * s.pitch + (long long)x * (CN * (int)sizeof(T));
}

/* One pixel's channels as accumulator values. */
template <typename T, int CN>
__device__ __forceinline__ void load_pixel(const Source &s, const uint8_t *p, typename Elem<T>::acc (&v)[CN])
{
    if (sizeof(T) == 1 && CN == 4 && s.aligned4) {
        const uint32_t w = __ldg(reinterpret_cast<const unsigned int *>(p));
#pragma unroll
        for (int k = 0; k < CN; k++) v[k] = (int)((w >> (8 * k)) & 0xffu);
    } else {
        const T *q = reinterpret_cast<const T *>(p);
#pragma unroll
        for (int k = 0; k < CN; k++) v[k] = (typename Elem<T>::acc)__ldg(q + k);
    }
}

template <typename T, int CN>
__device__ __forceinline__ void cval_pixel(const Source &s, typename Elem<T>::acc (&v)[CN])
{
#pragma unroll
    for (int k = 0; k < CN; k++) v[k] = Elem<T>::from_bits(s.cval_bits[k]);
}

/* The result of a sample, as element bits per channel; `written` false leaves the pixel. */
template <int CN>
struct Out {
    uint32_t bits[CN];
    bool written;
};

__device__ __forceinline__ uint32_t sat_u8_bits(int v) { return (uint32_t)min(max(v, 0), 255); }

/* float -> the element: S16 rounds half to even and saturates, F32 is kept. */
template <typename T>
__device__ __forceinline__ uint32_t float_bits(float v)
{
    if (sizeof(T) == 2) {
        const int r = __float2int_rn(fminf(fmaxf(v, -32768.f), 32767.f));
        return (uint32_t)(uint16_t)(int16_t)r;
    }
    return __float_as_uint(v);
}

template <typename T, int CN>
__device__ __forceinline__ void store_cval(const Source &s, Out<CN> &o)
{
#pragma unroll
    for (int k = 0; k < CN; k++) o.bits[k] = s.cval_bits[k];
    o.written = true;
}

template <typename T, int CN>
__device__ __forceinline__ void sample_nearest(const Source &s, int x, int y, Out<CN> &o)
{
    if ((unsigned)x >= (unsigned)s.width || (unsigned)y >= (unsigned)s.height) {
        if (s.border == VELA_BORDER_TRANSPARENT) {
            o.written = false;
            return;
        }
        if (s.border == VELA_BORDER_CONSTANT) {
            store_cval<T, CN>(s, o);
            return;
        }
        x = border_index(s.border, x, s.width);
        y = border_index(s.border, y, s.height);
    }
    const uint8_t *p = pixel_at<T, CN>(s, x, y);
    if (sizeof(T) == 1 && CN == 4 && s.aligned4) {
        const uint32_t w = __ldg(reinterpret_cast<const unsigned int *>(p));
#pragma unroll
        for (int k = 0; k < CN; k++) o.bits[k] = (w >> (8 * k)) & 0xffu;
    } else {
        const T *q = reinterpret_cast<const T *>(p);
#pragma unroll
        for (int k = 0; k < CN; k++) {
            if (sizeof(T) == 1) o.bits[k] = __ldg(reinterpret_cast<const uint8_t *>(q) + k);
            else if (sizeof(T) == 2) o.bits[k] = (uint16_t)__ldg(reinterpret_cast<const short *>(q) + k);
            else o.bits[k] = __ldg(reinterpret_cast<const unsigned int *>(q) + k);
        }
    }
    o.written = true;
}

/* OpenCV's linear blend of four taps (separable integers for U8, see remap_neon.c; floats in
 * OpenCV's order otherwise). */
template <typename T, int CN>
__device__ __forceinline__ void blend_linear(const typename Elem<T>::acc (&v)[4][CN], unsigned frac, Out<CN> &o)
{
    const int fx = frac & 31, fy = (frac >> 5) & 31;
    if (sizeof(T) == 1) {
#pragma unroll
        for (int k = 0; k < CN; k++) {
            const int h0 = (int)v[0][k] * (32 - fx) + (int)v[1][k] * fx;
            const int h1 = (int)v[2][k] * (32 - fx) + (int)v[3][k] * fx;
            o.bits[k] = sat_u8_bits((h0 * (32 - fy) + h1 * fy + 512) >> 10);
        }
    } else {
        const float k1024 = 1.f / 1024.f;
        const float w0 = __fmul_rn((float)((32 - fx) * (32 - fy)), k1024), w1 = __fmul_rn((float)(fx * (32 - fy)), k1024);
        const float w2 = __fmul_rn((float)((32 - fx) * fy), k1024), w3 = __fmul_rn((float)(fx * fy), k1024);
#pragma unroll
        for (int k = 0; k < CN; k++) {
            float sum = __fadd_rn(__fmul_rn((float)v[0][k], w0), __fmul_rn((float)v[1][k], w1));
            sum = __fadd_rn(sum, __fmul_rn((float)v[2][k], w2));
            sum = __fadd_rn(sum, __fmul_rn((float)v[3][k], w3));
            o.bits[k] = float_bits<T>(sum);
        }
    }
    o.written = true;
}

/* A footprint at or past the edge. Inline: out of line, the call would take the address of the
 * kernel's Source parameter, which makes every thread copy it to its stack at the start (80
 * bytes). H200, LINEAR, same run as with the call: U8 remap 16.5 -> 12.8 us at 1920x1080; RGBA8
 * warp 21.6 -> 17.9 us, remap 22.4 -> 19.8. */
template <typename T, int CN>
__device__ __forceinline__ void linear_border(const Source &s, int sx, int sy, unsigned frac, Out<CN> &o)
{
    typedef typename Elem<T>::acc A;
    const int w = s.width, h = s.height;
    if (s.border == VELA_BORDER_TRANSPARENT) {
        o.written = false;
        return;
    }
    if (s.border == VELA_BORDER_CONSTANT && (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0)) {
        store_cval<T, CN>(s, o);
        return;
    }
    const int x0 = border_index(s.border, sx, w), x1 = border_index(s.border, sx + 1, w);
    const int y0 = border_index(s.border, sy, h), y1 = border_index(s.border, sy + 1, h);
    const int xs[4] = { x0, x1, x0, x1 }, ys[4] = { y0, y0, y1, y1 };
    A v[4][CN];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        if (xs[i] >= 0 && ys[i] >= 0) load_pixel<T, CN>(s, pixel_at<T, CN>(s, xs[i], ys[i]), v[i]);
        else cval_pixel<T, CN>(s, v[i]);
    }
    blend_linear<T, CN>(v, frac, o);
}

template <typename T, int CN>
__device__ __forceinline__ void sample_linear(const Source &s, int sx, int sy, unsigned frac, Out<CN> &o)
{
    typedef typename Elem<T>::acc A;
    if ((unsigned)sx < (unsigned)max(s.width - 1, 0) && (unsigned)sy < (unsigned)max(s.height - 1, 0)) {
        A v[4][CN];
        const uint8_t *p = pixel_at<T, CN>(s, sx, sy);
        load_pixel<T, CN>(s, p, v[0]);
        load_pixel<T, CN>(s, p + CN * sizeof(T), v[1]);
        load_pixel<T, CN>(s, p + s.pitch, v[2]);
        load_pixel<T, CN>(s, p + s.pitch + CN * sizeof(T), v[3]);
        blend_linear<T, CN>(v, frac, o);
    } else {
        linear_border<T, CN>(s, sx, sy, frac, o);
    }
}

template <typename T, int CN>
__device__ __noinline__ void cubic_border(const Source &s, int sx, int sy, unsigned frac, Out<CN> &o)
{
    typedef typename Elem<T>::acc A;
    const int w = s.width, h = s.height;
    const int16_t *wi = s.cubic_i + 16 * frac;
    const float *wf = s.cubic_f + 16 * frac;
    if (s.border == VELA_BORDER_TRANSPARENT && ((unsigned)(sx + 1) >= (unsigned)w || (unsigned)(sy + 1) >= (unsigned)h)) {
        o.written = false;
        return;
    }
    const int b = s.border == VELA_BORDER_TRANSPARENT ? VELA_BORDER_REFLECT_101 : s.border;
    if (b == VELA_BORDER_CONSTANT && (sx >= w || sx + 4 <= 0 || sy >= h || sy + 4 <= 0)) {
        store_cval<T, CN>(s, o);
        return;
    }
    int xs[4], ys[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        xs[i] = border_index(b, sx + i, w);
        ys[i] = border_index(b, sy + i, h);
    }
    A cv[CN];
    cval_pixel<T, CN>(s, cv);
    int isum[CN];
    float fsum[CN];
#pragma unroll
    for (int k = 0; k < CN; k++) {
        isum[k] = (int)cv[k] << 15;
        fsum[k] = (float)cv[k];
    }
    for (int i = 0; i < 4; i++) {
        if (ys[i] < 0) continue;
        for (int j = 0; j < 4; j++) {
            if (xs[j] < 0) continue;
            A v[CN];
            load_pixel<T, CN>(s, pixel_at<T, CN>(s, xs[j], ys[i]), v);
#pragma unroll
            for (int k = 0; k < CN; k++) {
                if (sizeof(T) == 1) isum[k] += ((int)v[k] - (int)cv[k]) * __ldg(wi + 4 * i + j);
                else fsum[k] = __fadd_rn(fsum[k], __fmul_rn(__fsub_rn((float)v[k], (float)cv[k]), __ldg(wf + 4 * i + j)));
            }
        }
    }
#pragma unroll
    for (int k = 0; k < CN; k++)
        o.bits[k] = sizeof(T) == 1 ? sat_u8_bits((isum[k] + (1 << 14)) >> 15) : float_bits<T>(fsum[k]);
    o.written = true;
}

template <typename T, int CN>
__device__ __forceinline__ void sample_cubic(const Source &s, int sx, int sy, unsigned frac, Out<CN> &o)
{
    typedef typename Elem<T>::acc A;
    const int w = s.width, h = s.height;
    const int16_t *wi = s.cubic_i + 16 * frac;
    const float *wf = s.cubic_f + 16 * frac;
    sx -= 1;
    sy -= 1;
    if ((unsigned)sx < (unsigned)max(w - 3, 0) && (unsigned)sy < (unsigned)max(h - 3, 0)) {
        /* The 16 weights in 2 (int16) or 4 (float) 16-byte loads: entries are 32 or 64 bytes, aligned. */
        int wint[16];
        float wflt[16];
        if (sizeof(T) == 1) {
            const uint4 *q = reinterpret_cast<const uint4 *>(wi);
#pragma unroll
            for (int h2 = 0; h2 < 2; h2++) {
                const uint4 u = __ldg(q + h2);
                const uint32_t words[4] = { u.x, u.y, u.z, u.w };
#pragma unroll
                for (int j = 0; j < 8; j++) wint[8 * h2 + j] = (int)(int16_t)(words[j >> 1] >> (16 * (j & 1)));
            }
        } else {
            const float4 *q = reinterpret_cast<const float4 *>(wf);
#pragma unroll
            for (int h4 = 0; h4 < 4; h4++) {
                const float4 f = __ldg(q + h4);
                wflt[4 * h4] = f.x, wflt[4 * h4 + 1] = f.y, wflt[4 * h4 + 2] = f.z, wflt[4 * h4 + 3] = f.w;
            }
        }
        int isum[CN];
        float fsum[CN];
#pragma unroll
        for (int i = 0; i < 4; i++) {
            const uint8_t *p = pixel_at<T, CN>(s, sx, sy + i);
            A v[4][CN];
#pragma unroll
            for (int j = 0; j < 4; j++) load_pixel<T, CN>(s, p + j * CN * (int)sizeof(T), v[j]);
#pragma unroll
            for (int k = 0; k < CN; k++) {
                if (sizeof(T) == 1) {
                    const int row = (int)v[0][k] * wint[4 * i] + (int)v[1][k] * wint[4 * i + 1] +
                                    (int)v[2][k] * wint[4 * i + 2] + (int)v[3][k] * wint[4 * i + 3];
                    isum[k] = i == 0 ? row : isum[k] + row;
                } else {
                    float row = __fadd_rn(__fmul_rn((float)v[0][k], wflt[4 * i]), __fmul_rn((float)v[1][k], wflt[4 * i + 1]));
                    row = __fadd_rn(row, __fmul_rn((float)v[2][k], wflt[4 * i + 2]));
                    row = __fadd_rn(row, __fmul_rn((float)v[3][k], wflt[4 * i + 3]));
                    fsum[k] = i == 0 ? row : __fadd_rn(fsum[k], row);
                }
            }
        }
#pragma unroll
        for (int k = 0; k < CN; k++)
            o.bits[k] = sizeof(T) == 1 ? sat_u8_bits((isum[k] + (1 << 14)) >> 15) : float_bits<T>(fsum[k]);
        o.written = true;
        return;
    }
    cubic_border<T, CN>(s, sx, sy, frac, o);
}

/* Samples table entry (sx, sy, a) (common/remap.h). */
template <typename T, int CN, int INTERP>
__device__ __forceinline__ void sample(const Source &s, int sx, int sy, unsigned a, Out<CN> &o)
{
    if (INTERP == VELA_INTERP_NEAREST) sample_nearest<T, CN>(s, sx + ((a >> 10) & 1), sy + ((a >> 11) & 1), o);
    else if (INTERP == VELA_INTERP_LINEAR) sample_linear<T, CN>(s, sx, sy, a & VL_A_FRAC, o);
    else sample_cubic<T, CN>(s, sx, sy, a & VL_A_FRAC, o);
}

/* ---- runs of destination pixels ------------------------------------------------------------- */

constexpr int RUN = 4;  /* destination pixels per thread */

/* The source points of a run as its kernel computes them: integer parts, not yet saturated to
 * int16 (saturation only matters at the border, where the run goes pixel by pixel and saturates
 * first), and fractions: LINEAR and CUBIC 0-31, NEAREST 0 or 1 (the step from sx to the rounded
 * point, as table entries hold it). */
struct Points {
    int sx[RUN], sy[RUN], fx[RUN], fy[RUN];
};

__device__ __forceinline__ int sat_s16(int v) { return min(max(v, -32768), 32767); }

/* Pixel k's table-entry bits (common/remap.h), as sample() takes them. */
template <int INTERP>
__device__ __forceinline__ unsigned entry_bits(const Points &pt, int k)
{
    if (INTERP == VELA_INTERP_NEAREST) return (unsigned)(pt.fx[k] << 10 | pt.fy[k] << 11);
    return (unsigned)(pt.fx[k] | pt.fy[k] << 5);
}

/* Puts pixel i of a run into its words (element bits per channel). */
template <typename T, int CN, int N>
__device__ __forceinline__ void put_pixel(uint32_t (&w)[N], int i, const Out<CN> &o)
{
#pragma unroll
    for (int k = 0; k < CN; k++) {
        const int e = i * CN + k;
        if (sizeof(T) == 1) {
            w[e >> 2] &= ~(0xffu << ((e & 3) * 8));
            w[e >> 2] |= (o.bits[k] & 0xffu) << ((e & 3) * 8);
        } else if (sizeof(T) == 2) {
            w[e >> 1] &= ~(0xffffu << ((e & 1) * 16));
            w[e >> 1] |= (o.bits[k] & 0xffffu) << ((e & 1) * 16);
        } else {
            w[e] = o.bits[k];
        }
    }
}

/* ---- a run, the common case first ------------------------------------------------------------
 * When the footprints of all RUN pixels lie inside the source (nearly every run of a camera
 * image), their taps are loaded first, all together, and blended without a border test: few
 * instructions and many loads in flight. Taps are addressed by 32-bit offsets from the plane's
 * start (Source::off32: planes under 2 GiB; larger ones go pixel by pixel), one integer
 * multiply-add a pixel. Other runs take sample() pixel by pixel. */

template <typename T, int CN>
__device__ __forceinline__ const uint8_t *tap(const Source &s, int x, int y)
{
    return s.data + (unsigned)(y * s.pitch + x * (CN * (int)sizeof(T)));
}

/* 8-bit LINEAR on one channel: OpenCV's 15-bit weights in separable form (see remap_neon.c). */
__device__ __forceinline__ uint32_t blend_u8(uint32_t p00, uint32_t p01, uint32_t p10, uint32_t p11, int fx, int fy)
{
    const int h0 = (int)p00 * (32 - fx) + (int)p01 * fx, h1 = (int)p10 * (32 - fx) + (int)p11 * fx;
    return (uint32_t)((h0 * (32 - fy) + h1 * fy + 512) >> 10);
}

/* LINEAR (8-bit, S16, F32) of a run inside the source: every tap loaded first, then blended. */
template <typename T, int CN, int N>
__device__ __forceinline__ void fast_linear(const Source &s, const Points &pt, uint32_t (&w)[N])
{
    constexpr int B = CN * (int)sizeof(T);
    if (sizeof(T) == 1 && CN == 4 && s.aligned4) {
        /* RGBA: a tap is a word; kept packed (16 registers for the run), unpacked as blended. */
        uint32_t t[RUN][4];
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            const unsigned int *p = reinterpret_cast<const unsigned int *>(tap<T, CN>(s, pt.sx[k], pt.sy[k]));
            const unsigned int *q = reinterpret_cast<const unsigned int *>(tap<T, CN>(s, pt.sx[k], pt.sy[k] + 1));
            t[k][0] = __ldg(p);
            t[k][1] = __ldg(p + 1);
            t[k][2] = __ldg(q);
            t[k][3] = __ldg(q + 1);
        }
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            uint32_t word = 0;
#pragma unroll
            for (int c = 0; c < 4; c++)
                word |= blend_u8((t[k][0] >> (8 * c)) & 0xffu, (t[k][1] >> (8 * c)) & 0xffu, (t[k][2] >> (8 * c)) & 0xffu,
                                 (t[k][3] >> (8 * c)) & 0xffu, pt.fx[k], pt.fy[k]) << (8 * c);
            w[k * N / RUN] = word;
        }
        return;
    }
    typedef typename Elem<T>::acc A;
    A v[RUN][4][CN];
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        const uint8_t *p = tap<T, CN>(s, pt.sx[k], pt.sy[k]), *q = tap<T, CN>(s, pt.sx[k], pt.sy[k] + 1);
        load_pixel<T, CN>(s, p, v[k][0]);
        load_pixel<T, CN>(s, p + B, v[k][1]);
        load_pixel<T, CN>(s, q, v[k][2]);
        load_pixel<T, CN>(s, q + B, v[k][3]);
    }
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        Out<CN> o;
        if (sizeof(T) == 1) {
#pragma unroll
            for (int c = 0; c < CN; c++)
                o.bits[c] = blend_u8(v[k][0][c], v[k][1][c], v[k][2][c], v[k][3][c], pt.fx[k], pt.fy[k]);
        } else {
            blend_linear<T, CN>(v[k], entry_bits<VELA_INTERP_LINEAR>(pt, k), o);
        }
        put_pixel<T, CN>(w, k, o);
    }
}

/* A run inside the source, NEAREST or LINEAR. */
template <typename T, int CN, int INTERP, int N>
__device__ __forceinline__ void fast_run(const Source &s, const Points &pt, uint32_t (&w)[N])
{
    if (INTERP == VELA_INTERP_NEAREST) {
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            const uint8_t *p = tap<T, CN>(s, pt.sx[k] + pt.fx[k], pt.sy[k] + pt.fy[k]);
            Out<CN> o;
            if (sizeof(T) == 1 && CN == 4 && s.aligned4) {
                const uint32_t v = __ldg(reinterpret_cast<const unsigned int *>(p));
#pragma unroll
                for (int c = 0; c < CN; c++) o.bits[c] = (v >> (8 * c)) & 0xffu;
            } else {
#pragma unroll
                for (int c = 0; c < CN; c++) {
                    if (sizeof(T) == 1) o.bits[c] = __ldg(p + c);
                    else if (sizeof(T) == 2) o.bits[c] = (uint16_t)__ldg(reinterpret_cast<const short *>(p) + c);
                    else o.bits[c] = __ldg(reinterpret_cast<const unsigned int *>(p) + c);
                }
            }
            put_pixel<T, CN>(w, k, o);
        }
    } else {
        fast_linear<T, CN>(s, pt, w);
    }
}

/* Samples the n (1..RUN) pixels of a run into `out` (n pixels of the destination row): all
 * together when all are inside, the border value at once when all are wholly outside under
 * CONSTANT, else one by one with borders. */
template <typename T, int CN, int INTERP>
__device__ __forceinline__ void sample_run(const Source &s, const Points &pt, int n, uint8_t *out)
{
    constexpr int B = CN * (int)sizeof(T), N = RUN * B / 4;
    const bool nearest = INTERP == VELA_INTERP_NEAREST;
    uint32_t w[N];
    bool inside = n == RUN && INTERP != VELA_INTERP_CUBIC && s.off32;
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        if (nearest)
            inside = inside && (unsigned)(pt.sx[k] + pt.fx[k]) < (unsigned)s.width &&
                     (unsigned)(pt.sy[k] + pt.fy[k]) < (unsigned)s.height;
        else
            inside = inside && (unsigned)pt.sx[k] < (unsigned)(s.width - 1) && (unsigned)pt.sy[k] < (unsigned)(s.height - 1);
    }
    if (inside) {
        zero(w);
        fast_run<T, CN, INTERP>(s, pt, w);
        store_words(out, w);
        return;
    }
    if (s.border == VELA_BORDER_CONSTANT && INTERP != VELA_INTERP_CUBIC && n == RUN) {
        /* The corners of a rotated or undistorted view: 1-4 % of a camera-sized warp or remap.
         * Unsaturated points are outside exactly when saturated ones are (sizes are below 2^15). */
        bool outside = true;
        const int reach = nearest ? 0 : 1;
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            const int x = nearest ? pt.sx[k] + pt.fx[k] : pt.sx[k], y = nearest ? pt.sy[k] + pt.fy[k] : pt.sy[k];
            outside = outside && (x >= s.width || x + reach < 0 || y >= s.height || y + reach < 0);
        }
        if (outside) {
            Out<CN> o;
            store_cval<T, CN>(s, o);
            zero(w);
#pragma unroll
            for (int k = 0; k < RUN; k++) put_pixel<T, CN>(w, k, o);
            store_words(out, w);
            return;
        }
    }
    if (s.border == VELA_BORDER_TRANSPARENT) load_prefix(out, w, n * B);  /* skipped pixels keep theirs */
    else zero(w);
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        if (k >= n) break;
        Out<CN> o;
        sample<T, CN, INTERP>(s, sat_s16(pt.sx[k]), sat_s16(pt.sy[k]), entry_bits<INTERP>(pt, k), o);
        if (o.written) put_pixel<T, CN>(w, k, o);
    }
    store_prefix(out, w, n * B);
}

/* The thread's run and first row, with R rows per warp: a warp covers 32 / R runs x R rows of its
 * block (32 runs wide) rather than 32 runs of one row. Taller warps read their taps and tables from
 * fewer cache lines, but store shorter row pieces: on an H200 two rows help the U8 remap (11.6 ->
 * 11.3 us at 1920x1080, 27.7 -> 26.2 at 3840x2160) and hurt the RGBA8 one (17.9 -> 19.4, 48.8 ->
 * 54.7); four or eight hurt both, and the warp gains nothing. */
template <int R>
__device__ __forceinline__ void run_and_row(int &run, int &row)
{
    if (R > 1 && blockDim.x == 32 && blockDim.y % R == 0) {
        constexpr int C = 32 / R;  /* runs per warp; R warps across the block */
        const int t = (int)(threadIdx.y * 32 + threadIdx.x), w = t >> 5, lane = t & 31;
        run = (int)blockIdx.x * 32 + (w % R) * C + lane % C;
        row = (int)(blockIdx.y * blockDim.y) + (w / R) * R + lane / C;
        return;
    }
    run = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    row = (int)(blockIdx.y * blockDim.y + threadIdx.y);
}

/* Threads along y for a grid of runs x rows: one row each, two from a million runs on (3840x2160
 * U8, H200: warp 29.5 -> 28.6 us, remap 31.3 -> 29.8), where the GPU is full anyway and a thread's
 * setup spreads over twice the pixels; not below (1920x1080 U8 remap: 12.1 -> 12.6 us). */
inline long long thread_rows(long long runs, long long rows)
{
    return runs * rows >= (1ll << 20) ? (rows + 1) / 2 : rows;
}

/* Fills a Source from a plane and its sampler. */
inline Source make_source(const vl_sampler &sm, const vela_image_plane &plane, const void *cubic_i, const void *cubic_f)
{
    Source s;
    s.data = static_cast<const uint8_t *>(plane.data);
    s.pitch = plane.pitch;
    s.width = sm.width;
    s.height = sm.height;
    s.border = sm.border;
    s.aligned4 = (reinterpret_cast<uintptr_t>(plane.data) & 3) == 0 && (plane.pitch & 3) == 0;
    s.off32 = plane.pitch > 0 && ((long long)sm.height + 1) * plane.pitch < (1ll << 31);
    for (int k = 0; k < 4; k++) {
        if (sm.depth == VL_DEPTH_U8) s.cval_bits[k] = sm.cval.u8[k];
        else if (sm.depth == VL_DEPTH_S16) s.cval_bits[k] = (uint16_t)sm.cval.s16[k];
        else memcpy(&s.cval_bits[k], &sm.cval.f32[k], 4);
    }
    s.cubic_i = static_cast<const int16_t *>(cubic_i);
    s.cubic_f = static_cast<const float *>(cubic_f);
    return s;
}

}  // namespace vl_cuda

#endif
