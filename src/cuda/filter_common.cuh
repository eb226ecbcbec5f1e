/* Internal: the CUDA kernels the linear filters share.
 *
 * - sep_tile<Policy>: any separable filter (sizes up to 31, any border, any channel count). A block
 *   stages a tile of the source, border applied, in shared memory, runs the horizontal pass into
 *   shared memory and the vertical pass from it: each source element is read once per block, every
 *   tap from shared memory. The policy says what an element is (a byte summed in integers, or a
 *   value converted to float) and how a sum is stored.
 * - sep8_fast<K, CN, MODE, TH>: the 8-bit box and the 16-bit-exact Gaussians (OpenCV's 3x3 and
 *   5x5 binomials) with K x K kernels, memory-bound and tuned for it. A thread owns 16-byte chunks
 *   of rows (one 16-byte load and store each); a block stages the horizontal sums of its tile's
 *   source rows in shared memory, so each source byte is loaded once per block, and then combines
 *   them down the columns. Two channel values ride in each 32-bit register as 16-bit lanes (the even
 *   bytes of a word in one register, the odd ones in another), so an add or a multiply-add serves
 *   two pixels; no lane ever exceeds 16 bits (the plans guarantee it), so no carry crosses lanes.
 *
 * C++14; CUDA 10.2 (sm_53) through 13. */
#ifndef VL_FILTER_COMMON_CUH
#define VL_FILTER_COMMON_CUH

#include "cuda/cuda_common.cuh"

extern "C" {
#include "common/filter.h"
#include "common/gpu.h"
#include "common/status.h"
}

namespace vl_filter {

using namespace vl_cuda;

/* common/border.h on the device. */
__device__ __forceinline__ int border_index(int border, int i, int n)
{
    if ((unsigned)i < (unsigned)n) return i;
    if (border == VELA_BORDER_REPLICATE) return i < 0 ? 0 : n - 1;
    if (border == VELA_BORDER_REFLECT || border == VELA_BORDER_REFLECT_101) {
        if (n == 1) return 0;
        const int delta = border == VELA_BORDER_REFLECT_101;
        do {
            if (i < 0) i = -i - 1 + delta;
            else i = n - 1 - (i - n) - delta;
        } while ((unsigned)i >= (unsigned)n);
        return i;
    }
    return -1;
}

__device__ __forceinline__ int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* ---- the generic tiled kernel --------------------------------------------------------------- */

constexpr int TILE_W = 64;  /* output elements (channel values) across */
constexpr int TILE_H = 16;  /* output rows */
constexpr int TILE_THREADS = 256;

struct TileJob {
    const uint8_t *src;
    uint8_t *dst;
    int sp, dp;             /* pitches in bytes */
    int width, height, cn;  /* pixels; channels */
    int kw, kh;
    int border;
};

/* Shared memory of a tile for a kernel of kw x kh on cn channels, T-sized elements. */
inline size_t tile_smem(int kw, int kh, int cn, size_t t)
{
    const int in_w = TILE_W + (kw - 1) * cn, in_h = TILE_H + kh - 1;
    return ((size_t)in_h * in_w + (size_t)in_h * TILE_W) * t;
}

/* Policy: T is the staged element and the sums' type. load(row, e) reads element e of a row (row
 * NULL: the border value); hfirst/hnext and vfirst/vnext are the passes' first tap and the next
 * ones; store writes a result. */
template <class P>
__global__ void __launch_bounds__(TILE_THREADS) sep_tile(TileJob j, P p)
{
    typedef typename P::T T;
    extern __shared__ __align__(16) unsigned char smem_raw[];
    const int cn = j.cn, hl = (j.kw / 2) * cn;
    const int in_w = TILE_W + (j.kw - 1) * cn, in_h = TILE_H + j.kh - 1;
    T *in = reinterpret_cast<T *>(smem_raw);
    T *hs = in + in_h * in_w;
    const int e0 = blockIdx.x * TILE_W, y0 = blockIdx.y * TILE_H, row_elems = j.width * cn;

    for (int i = threadIdx.x; i < in_h * in_w; i += TILE_THREADS) {
        const int ty = i / in_w, tx = i - ty * in_w;
        const int gy = border_index(j.border, y0 - j.kh / 2 + ty, j.height);
        const int ge = e0 - hl + tx, px = floor_div(ge, cn), gx = border_index(j.border, px, j.width);
        const uint8_t *row = gy < 0 || gx < 0 ? nullptr : j.src + (long long)gy * j.sp;
        in[i] = p.load(row, gx * cn + (ge - px * cn));
    }
    __syncthreads();
    for (int i = threadIdx.x; i < in_h * TILE_W; i += TILE_THREADS) {
        const int ty = i / TILE_W, tx = i - ty * TILE_W;
        const T *r = in + ty * in_w + tx;
        T h = p.hfirst(r[0]);
        for (int t = 1; t < j.kw; t++) h = p.hnext(h, t, r[t * cn]);
        hs[i] = h;
    }
    __syncthreads();
    for (int i = threadIdx.x; i < TILE_H * TILE_W; i += TILE_THREADS) {
        const int ty = i / TILE_W, tx = i - ty * TILE_W, gy = y0 + ty, ge = e0 + tx;
        if (gy >= j.height || ge >= row_elems) continue;
        const T *c = hs + ty * TILE_W + tx;
        T v = p.vfirst(c[0]);
        for (int t = 1; t < j.kh; t++) v = p.vnext(v, t, c[t * TILE_W]);
        p.store(j.dst + (long long)gy * j.dp, ge, v);
    }
}

inline TileJob tile_job(const vl_filter_shape &s, const vela_image_data *src, const vela_image_data *dst)
{
    TileJob j;
    j.src = static_cast<const uint8_t *>(src->planes[0].data);
    j.dst = static_cast<uint8_t *>(dst->planes[0].data);
    j.sp = src->planes[0].pitch;
    j.dp = dst->planes[0].pitch;
    j.width = s.width;
    j.height = s.height;
    j.cn = s.channels;
    j.kw = s.kw;
    j.kh = s.kh;
    j.border = (int)s.border;
    return j;
}

template <class P>
void launch_tile(const vl_filter_shape &s, const vela_image_data *src, const vela_image_data *dst, const P &p,
                 cudaStream_t stream)
{
    const TileJob j = tile_job(s, src, dst);
    const long long elems = (long long)s.width * s.channels;
    dim3 grid((unsigned)((elems + TILE_W - 1) / TILE_W), (unsigned)((s.height + TILE_H - 1) / TILE_H));
    sep_tile<P><<<grid, TILE_THREADS, tile_smem(s.kw, s.kh, s.channels, sizeof(typename P::T)), stream>>>(j, p);
}

/* The 8-bit policy: exact integer sums with integer weights. Finish turns the vertical sum into
 * the output byte (box: OpenCV's division; Gaussian: (v + 2^15) >> 16). */
template <class Finish>
struct Int8Policy {
    typedef uint32_t T;
    uint32_t value;  /* the border value */
    uint16_t kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    Finish finish;
    __device__ uint32_t load(const uint8_t *row, int e) const { return row ? (uint32_t)__ldg(row + e) : value; }
    __device__ uint32_t hfirst(uint32_t x) const { return kx[0] * x; }
    __device__ uint32_t hnext(uint32_t h, int t, uint32_t x) const { return h + kx[t] * x; }
    __device__ uint32_t vfirst(uint32_t x) const { return ky[0] * x; }
    __device__ uint32_t vnext(uint32_t v, int t, uint32_t x) const { return v + ky[t] * x; }
    __device__ void store(uint8_t *row, int e, uint32_t v) const { row[e] = (uint8_t)finish(v); }
};

/* ---- the fast 8-bit kernel ------------------------------------------------------------------ */

enum FastMode { FAST_BOX = 0, FAST_GAUSS16 = 1 };

struct FastJob {
    const uint8_t *src;
    uint8_t *dst;
    int sp, dp;
    int width, height, row_bytes;
    int border;
    uint32_t value4;             /* the border value in each byte */
    uint32_t kx[8], ky[8];       /* Gaussian: the weights divided by their powers of two */
    uint32_t delta2, mul;        /* box: the division's bias in both lanes, and div_scale << 9 */
    uint32_t round2;             /* Gaussian: 2^(shift - 1) in both lanes (0 for a shift of 0) */
    int shift;
    int chunks;                  /* 16-byte chunks across a row */
};

constexpr int floor4(int m) { return m >= 0 ? m / 4 : -((-m + 3) / 4); }

template <int K, int CN>
struct FastGeometry {
    static constexpr int AX = K / 2;
    static constexpr int DL = AX * CN;             /* bytes read left of a chunk */
    static constexpr int DR = (K - 1 - AX) * CN;   /* bytes read right of a chunk */
    static constexpr int WL = floor4(-DL);         /* the first word, relative to the chunk */
    static constexpr int WR = (15 + DR) / 4;       /* the last word */
    static constexpr int NW = WR - WL + 1;
};

/* Byte b of a row (any b), the border applied. */
template <int CN>
__device__ __forceinline__ uint32_t border_byte(const FastJob &j, const uint8_t *row, int b)
{
    const int p = floor_div(b, CN), q = border_index(j.border, p, j.width);
    return q < 0 ? (j.value4 & 0xffu) : (uint32_t)__ldg(row + q * CN + (b - p * CN));
}

/* The word at byte b of a row (b a multiple of 4): one load inside the row, bytes with the border
 * applied where it reaches outside. */
template <int CN>
__device__ __forceinline__ uint32_t row_word(const FastJob &j, const uint8_t *row, int b)
{
    if (b >= 0 && b + 4 <= j.row_bytes) return __ldg(reinterpret_cast<const unsigned int *>(row + b));
    uint32_t w = 0;
#pragma unroll
    for (int i = 0; i < 4; i++) w |= border_byte<CN>(j, row, b + i) << (8 * i);
    return w;
}

/* The words a thread needs of source row r: the chunk at x0 and its neighbours. */
template <int K, int CN>
__device__ __forceinline__ void load_row(const FastJob &j, int r, int x0, uint32_t (&w)[FastGeometry<K, CN>::NW])
{
    typedef FastGeometry<K, CN> G;
    const int y = border_index(j.border, r, j.height);
    if (y < 0) {
#pragma unroll
        for (int i = 0; i < G::NW; i++) w[i] = j.value4;
        return;
    }
    const uint8_t *row = j.src + (long long)y * j.sp;
    if (x0 + 16 <= j.row_bytes) {
        const uint4 c = __ldg(reinterpret_cast<const uint4 *>(row + x0));
        w[-G::WL] = c.x;
        w[1 - G::WL] = c.y;
        w[2 - G::WL] = c.z;
        w[3 - G::WL] = c.w;
    } else {
#pragma unroll
        for (int i = 0; i < 4; i++) w[i - G::WL] = row_word<CN>(j, row, x0 + 4 * i);
    }
#pragma unroll
    for (int i = G::WL; i < 0; i++) w[i - G::WL] = row_word<CN>(j, row, x0 + 4 * i);
#pragma unroll
    for (int i = 4; i <= G::WR; i++) w[i - G::WL] = row_word<CN>(j, row, x0 + 4 * i);
}

/* The horizontal pass of a row's words: h[2k] holds the sums of bytes 4k and 4k + 2 of the chunk
 * (16-bit lanes), h[2k + 1] those of bytes 4k + 1 and 4k + 3. */
template <int K, int CN, int MODE>
__device__ __forceinline__ void horizontal(const FastJob &j, const uint32_t (&w)[FastGeometry<K, CN>::NW], uint32_t (&h)[8])
{
    typedef FastGeometry<K, CN> G;
    /* Q(m) = bytes m and m + 2 of the row, relative to the chunk, as two lanes: the even (E) or
     * odd (O) bytes of word floor(m / 4), or straddling it and the next (FE, FO). They are kept
     * as q[4 * (floor(m / 4) - WL) + (m & 3)]: with the loops unrolled every index is a constant
     * and the array lives in registers. */
    uint32_t q[4 * G::NW];
#pragma unroll
    for (int i = 0; i < G::NW; i++) {
        q[4 * i] = __byte_perm(w[i], 0, 0x4240);
        q[4 * i + 1] = __byte_perm(w[i], 0, 0x4341);
    }
#pragma unroll
    for (int i = 0; i + 1 < G::NW; i++) {
        q[4 * i + 2] = __byte_perm(q[4 * i], q[4 * i + 4], 0x5432);
        q[4 * i + 3] = __byte_perm(q[4 * i + 1], q[4 * i + 5], 0x5432);
    }
    q[4 * G::NW - 2] = q[4 * G::NW - 1] = 0;  /* never used; keeps every element defined */
#define VL_Q(m) q[(m) - 4 * G::WL]
#pragma unroll
    for (int k = 0; k < 4; k++)
#pragma unroll
        for (int odd = 0; odd < 2; odd++) {
            const int base = 4 * k + odd;
            uint32_t s;
            if (MODE == FAST_BOX) {
                s = VL_Q(base - G::AX * CN);
#pragma unroll
                for (int t = 1; t < K; t++) s += VL_Q(base + (t - G::AX) * CN);
            } else {
                s = j.kx[G::AX] * VL_Q(base);
#pragma unroll
                for (int t = 0; t < G::AX; t++)
                    s += j.kx[t] * (VL_Q(base + (t - G::AX) * CN) + VL_Q(base + (G::AX - t) * CN));
            }
            h[2 * k + odd] = s;
        }
#undef VL_Q
}

/* 16 output bytes from the 8 lane-pair sums of the vertical pass. */
template <int MODE>
__device__ __forceinline__ uint4 finish(const FastJob &j, const uint32_t (&s)[8])
{
    uint32_t out[4];
#pragma unroll
    for (int k = 0; k < 4; k++) {
        const uint32_t e = s[2 * k], o = s[2 * k + 1];
        if (MODE == FAST_BOX) {
            /* ((sum + delta) * div_scale) >> 23 per lane, as the high word of a 32-bit product. */
            const uint32_t te = e + j.delta2, to = o + j.delta2;
            const uint32_t a = __byte_perm(__umulhi(te & 0xffffu, j.mul), __umulhi(to & 0xffffu, j.mul), 0x0040);
            const uint32_t b = __byte_perm(__umulhi(te >> 16, j.mul), __umulhi(to >> 16, j.mul), 0x0040);
            out[k] = __byte_perm(a, b, 0x5410);
        } else {
            /* (S + 2^(shift - 1)) >> shift per lane: the shifted lanes' low bytes are the result. */
            out[k] = __byte_perm((e + j.round2) >> j.shift, (o + j.round2) >> j.shift, 0x6240);
        }
    }
    return make_uint4(out[0], out[1], out[2], out[3]);
}

/* A block is 32 chunks across (512 bytes of a row) and TH output rows down, 128 threads: four
 * row groups of 32. First every thread runs the horizontal pass of the block's source rows, a few
 * rows each with all their loads issued first, into shared memory (each source byte is loaded once
 * per block); then each thread combines the K rows under each of its TH / 4 output rows. */
template <int K, int CN, int MODE, int TH>
__global__ void __launch_bounds__(128) sep8_fast(FastJob j)
{
    typedef FastGeometry<K, CN> G;
    constexpr int ROWS = TH + K - 1;             /* source rows of a block */
    constexpr int PER = (ROWS + 3) / 4;          /* of them, per thread */
    __shared__ uint4 hs[ROWS][32][2];            /* 8 lane-pair words per chunk and row */
    const int lane = threadIdx.x & 31, group = threadIdx.x >> 5;
    const int chunk = blockIdx.x * 32 + lane, x0 = chunk * 16, y0 = blockIdx.y * TH;
    const bool active = chunk < j.chunks;

    uint32_t w[PER][G::NW];
#pragma unroll
    for (int i = 0; i < PER; i++)
        if (active && group + 4 * i < ROWS) load_row<K, CN>(j, y0 - K / 2 + group + 4 * i, x0, w[i]);
#pragma unroll
    for (int i = 0; i < PER; i++) {
        const int r = group + 4 * i;
        if (!active || r >= ROWS) continue;
        uint32_t h[8];
        horizontal<K, CN, MODE>(j, w[i], h);
        hs[r][lane][0] = make_uint4(h[0], h[1], h[2], h[3]);
        hs[r][lane][1] = make_uint4(h[4], h[5], h[6], h[7]);
    }
    __syncthreads();
    if (!active) return;
#pragma unroll
    for (int i = 0; i < TH / 4; i++) {
        const int o = group * (TH / 4) + i, y = y0 + o;  /* output row */
        if (y >= j.height) break;
        uint32_t win[K][8];
#pragma unroll
        for (int t = 0; t < K; t++) {
            const uint4 a = hs[o + t][lane][0], b = hs[o + t][lane][1];
            win[t][0] = a.x, win[t][1] = a.y, win[t][2] = a.z, win[t][3] = a.w;
            win[t][4] = b.x, win[t][5] = b.y, win[t][6] = b.z, win[t][7] = b.w;
        }
        uint32_t s[8];
#pragma unroll
        for (int q = 0; q < 8; q++) {
            if (MODE == FAST_BOX) {
                s[q] = win[0][q];
#pragma unroll
                for (int t = 1; t < K; t++) s[q] += win[t][q];
            } else {
                s[q] = j.ky[G::AX] * win[G::AX][q];
#pragma unroll
                for (int t = 0; t < G::AX; t++) s[q] += j.ky[t] * (win[t][q] + win[K - 1 - t][q]);
            }
        }
        const uint4 v = finish<MODE>(j, s);
        uint8_t *out = j.dst + (long long)y * j.dp + x0;
        if (x0 + 16 <= j.row_bytes) {
            *reinterpret_cast<uint4 *>(out) = v;
        } else {
            const uint32_t ws[4] = { v.x, v.y, v.z, v.w };
            store_prefix(out, ws, j.row_bytes - x0);
        }
    }
}

/* Taller tiles halve the source rows read twice, shorter ones make more blocks: the latter wins
 * while an image has fewer than about 4 of the taller tiles per SM of a large GPU. */
template <int K, int CN, int MODE>
void launch_fast(const FastJob &j, cudaStream_t stream)
{
    const dim3 grid((unsigned)((j.chunks + 31) / 32), 1);
    const long long tall = (long long)grid.x * ((j.height + 15) / 16);
    if (tall >= 1024) {
        sep8_fast<K, CN, MODE, 16><<<dim3(grid.x, (unsigned)((j.height + 15) / 16)), 128, 0, stream>>>(j);
    } else {
        sep8_fast<K, CN, MODE, 8><<<dim3(grid.x, (unsigned)((j.height + 7) / 8)), 128, 0, stream>>>(j);
    }
}

/* Whether the fast kernel can run: 16-byte aligned rows on both sides. */
inline bool fast_aligned(const vela_image_data *src, const vela_image_data *dst)
{
    const uintptr_t a = reinterpret_cast<uintptr_t>(src->planes[0].data) | reinterpret_cast<uintptr_t>(dst->planes[0].data) |
                        (uintptr_t)src->planes[0].pitch | (uintptr_t)dst->planes[0].pitch;
    return (a & 15) == 0;
}

inline FastJob fast_job(const vl_filter_shape &s, const vela_image_data *src, const vela_image_data *dst)
{
    FastJob j;
    memset(&j, 0, sizeof j);
    j.src = static_cast<const uint8_t *>(src->planes[0].data);
    j.dst = static_cast<uint8_t *>(dst->planes[0].data);
    j.sp = src->planes[0].pitch;
    j.dp = dst->planes[0].pitch;
    j.width = s.width;
    j.height = s.height;
    j.row_bytes = s.width * s.channels;
    j.border = (int)s.border;
    j.value4 = (uint32_t)(uint8_t)s.value * 0x01010101u;
    j.chunks = (j.row_bytes + 15) / 16;
    return j;
}

/* Launches the fast kernel for K in {3, 5, 7} and 1, 3 or 4 channels; false otherwise. */
template <int MODE>
bool launch_fast_any(int k, int cn, const FastJob &j, cudaStream_t stream)
{
#define VL_FAST(K, CN) \
    if (k == K && cn == CN) { launch_fast<K, CN, MODE>(j, stream); return true; }
    VL_FAST(3, 1) VL_FAST(3, 3) VL_FAST(3, 4)
    VL_FAST(5, 1) VL_FAST(5, 3) VL_FAST(5, 4)
    VL_FAST(7, 1) VL_FAST(7, 3) VL_FAST(7, 4)
#undef VL_FAST
    return false;
}

}  // namespace vl_filter

#endif
