/* Remap on CUDA: byte-identical to src/cpu/remap_ref.c.
 *
 * Each thread samples a run of 4 destination pixels of a row. Their source points come from the
 * payload's device table (common/remap.h): the grid's integer prediction for their 8x8 cell plus
 * a residual of half a byte, a byte or (RAW) the points themselves, so a smooth map costs the GPU
 * one byte a pixel to read, the nearest bits a quarter byte more for NEAREST. Runs wholly inside
 * the source are sampled all together; the others pixel by pixel with their borders (TRANSPARENT
 * loads the run first, so that skipped pixels keep their value). Runs of 8 pixels were tried for
 * 1-byte pixels: 74 registers instead of 40, and on an H200 11.6 -> 15.7 us at 1920x1080, 27.9 ->
 * 37.4 at 3840x2160, so 4 it is. */
#include <mutex>

#include "cuda/sampler.cuh"

extern "C" {
#include "common/gpu.h"
#include "common/status.h"
}

namespace {

using namespace vl_cuda;

struct Table {
    const int2 *grid;
    const uint8_t *residual;
    const uint8_t *nearest;
    int width, height, grid_width, encoding;
};

struct Dest {
    uint8_t *data;
    int pitch;
};

/* The points of the n pixels from x0 of row y, from the fixed-point points P = 32 sx + fx,
 * Q = 32 sy + fy: RAW holds them; otherwise the grid's prediction, which along a row is C + a D
 * over 64 (see vl_remap_predict: the same integers, stepped), plus the residual. NEAREST adds the
 * rounding bits. The encoding is a template parameter: each kernel decodes one. */
template <int ENC, int INTERP>
__device__ __forceinline__ void decode(const Table &t, int y, int x0, int n, Points &pt)
{
    int P[RUN], Q[RUN];
    if (ENC == VL_REMAP_RAW) {
        uint32_t r[2 * RUN];
        load_prefix(t.residual + 8 * ((long long)y * t.width + x0), r, 8 * n);
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            P[k] = (int)r[2 * k];
            Q[k] = (int)r[2 * k + 1];
        }
    } else {
        const int2 *g0 = t.grid + (y >> 3) * t.grid_width + (x0 >> 3), *g1 = g0 + t.grid_width;
        const int2 g00 = __ldg(g0), g01 = __ldg(g0 + 1), g10 = __ldg(g1), g11 = __ldg(g1 + 1);
        const int b = y & 7, a0 = x0 & 7;
        int rp[RUN], rq[RUN];
        if (ENC == VL_REMAP_NIBBLE) {
            uint32_t r[1];
            load_prefix(t.residual + (long long)y * t.width + x0, r, n);
#pragma unroll
            for (int k = 0; k < RUN; k++) {
                const unsigned byte = (r[0] >> (8 * k)) & 0xffu;
                rp[k] = (int)(byte << 28) >> 28;  /* the low nibble, sign-extended */
                rq[k] = (int)(byte << 24) >> 28;
            }
        } else {
            uint32_t r[2];
            load_prefix(t.residual + 2 * ((long long)y * t.width + x0), r, 2 * n);
#pragma unroll
            for (int k = 0; k < RUN; k++) {
                const uint32_t pair = r[k >> 1] >> (16 * (k & 1));
                rp[k] = (int)(int8_t)(pair & 0xffu);
                rq[k] = (int)(int8_t)((pair >> 8) & 0xffu);
            }
        }
        /* 64 pred(a) floor-divided: 8 top + b (bottom - top) + 32, with top = 8 g00 + a (g01 - g00). */
        const int dpx = 8 * (g01.x - g00.x) + b * ((g11.x - g10.x) - (g01.x - g00.x));
        const int dpy = 8 * (g01.y - g00.y) + b * ((g11.y - g10.y) - (g01.y - g00.y));
        int cx = 64 * g00.x + 8 * b * (g10.x - g00.x) + 32 + a0 * dpx, cy = 64 * g00.y + 8 * b * (g10.y - g00.y) + 32 + a0 * dpy;
#pragma unroll
        for (int k = 0; k < RUN; k++) {
            P[k] = (cx >> 6) + rp[k];
            Q[k] = (cy >> 6) + rq[k];
            cx += dpx;
            cy += dpy;
        }
    }
    unsigned bits = 0;
    if (INTERP == VELA_INTERP_NEAREST) bits = __ldg(t.nearest + (long long)y * ((t.width + 3) / 4) + (x0 >> 2));
#pragma unroll
    for (int k = 0; k < RUN; k++) {
        pt.sx[k] = P[k] >> 5;
        pt.sy[k] = Q[k] >> 5;
        pt.fx[k] = INTERP == VELA_INTERP_NEAREST ? (int)((bits >> (2 * k)) & 1u) : P[k] & 31;
        pt.fy[k] = INTERP == VELA_INTERP_NEAREST ? (int)((bits >> (2 * k + 1)) & 1u) : Q[k] & 31;
    }
}

template <typename T, int CN, int INTERP, int ENC>
__global__ void __launch_bounds__(256) remap_kernel(Source s, Table t, Dest d, int runs)
{
    overlap_allow();
    int run, y0;
    run_and_row<CN * sizeof(T) == 1 ? 2 : 1>(run, y0);
    if (run >= runs) return;
    overlap_wait();
    const int x0 = run * RUN, n = min(RUN, t.width - x0);
    for (int y = y0; y < t.height; y += (int)(gridDim.y * blockDim.y)) {
        Points pt;
        decode<ENC, INTERP>(t, y, x0, n, pt);
        sample_run<T, CN, INTERP>(s, pt, n, d.data + (long long)y * d.pitch + (long long)x0 * CN * (int)sizeof(T));
    }
}

template <typename T, int CN, int INTERP>
void launch_one(const Source &s, const Table &t, const Dest &d, cudaStream_t stream)
{
    const int runs = (t.width + RUN - 1) / RUN;
    /* 128-thread blocks: H200, 1920x1080, U8 10.87 -> 10.59 us, RGBA8 17.4 -> 16.8 against 256. */
    const Geometry g = geometry_2d(runs, thread_rows(runs, t.height), 128);
    switch (t.encoding) {
    case VL_REMAP_NIBBLE: launch_overlapped(remap_kernel<T, CN, INTERP, VL_REMAP_NIBBLE>, g, stream, s, t, d, runs); break;
    case VL_REMAP_BYTE: launch_overlapped(remap_kernel<T, CN, INTERP, VL_REMAP_BYTE>, g, stream, s, t, d, runs); break;
    default: launch_overlapped(remap_kernel<T, CN, INTERP, VL_REMAP_RAW>, g, stream, s, t, d, runs); break;
    }
}

template <typename T, int CN>
void launch_interp(vela_interp interp, const Source &s, const Table &t, const Dest &d, cudaStream_t stream)
{
    switch (interp) {
    case VELA_INTERP_NEAREST: launch_one<T, CN, VELA_INTERP_NEAREST>(s, t, d, stream); break;
    case VELA_INTERP_LINEAR: launch_one<T, CN, VELA_INTERP_LINEAR>(s, t, d, stream); break;
    default: launch_one<T, CN, VELA_INTERP_CUBIC>(s, t, d, stream); break;
    }
}

/* The reference's cubic tables, uploaded once per process (96 KB). */
std::once_flag tables_once;
void *tables_device;
vela_status tables_status = VELA_OK;

void upload_tables()
{
    const vl_interp_tables *t = vl_interp_tables_get();
    const size_t ni = sizeof t->cubic_i, nf = sizeof t->cubic_f;
    tables_status = vl_gpu_alloc(&tables_device, ni + nf);
    if (tables_status == VELA_OK) tables_status = vl_gpu_copy_2d(tables_device, ni, t->cubic_i, ni, ni, 1, NULL);
    if (tables_status == VELA_OK)
        tables_status = vl_gpu_copy_2d(static_cast<uint8_t *>(tables_device) + ni, nf, t->cubic_f, nf, nf, 1, NULL);
}

}  // namespace

extern "C" vela_status vl_cuda_interp_tables(const void **cubic_i, const void **cubic_f, void *gpu_stream)
{
    (void)gpu_stream;
    std::call_once(tables_once, upload_tables);
    if (tables_status != VELA_OK) return tables_status;
    *cubic_i = tables_device;
    *cubic_f = static_cast<uint8_t *>(tables_device) + sizeof(vl_interp_tables::cubic_i);
    return VELA_OK;
}

extern "C" vela_status vl_remap_cuda(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst,
                                     void *gpu_stream)
{
    const void *ci = NULL, *cf = NULL;
    if (job->sampler[0].interp == VELA_INTERP_CUBIC) {
        vela_status st = vl_cuda_interp_tables(&ci, &cf, gpu_stream);
        if (st != VELA_OK) return st;
    }
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    for (int p = 0; p < job->num_planes; p++) {
        const vl_remap_device_table &dt = job->payload->device[p];
        const vl_sampler &sm = job->sampler[p];
        if (dt.width <= 0 || dt.height <= 0) continue;
        const Source s = make_source(sm, src->planes[p], ci, cf);
        const Table t = { static_cast<const int2 *>(dt.grid), static_cast<const uint8_t *>(dt.residual),
                          static_cast<const uint8_t *>(dt.nearest), dt.width, dt.height, dt.grid_width,
                          (int)dt.encoding };
        const Dest d = { static_cast<uint8_t *>(dst->planes[p].data), dst->planes[p].pitch };
        if (sm.depth == VL_DEPTH_U8) {
            switch (sm.channels) {
            case 1: launch_interp<uint8_t, 1>(sm.interp, s, t, d, stream); break;
            case 2: launch_interp<uint8_t, 2>(sm.interp, s, t, d, stream); break;
            case 3: launch_interp<uint8_t, 3>(sm.interp, s, t, d, stream); break;
            default: launch_interp<uint8_t, 4>(sm.interp, s, t, d, stream); break;
            }
        } else if (sm.depth == VL_DEPTH_S16) {
            launch_interp<int16_t, 1>(sm.interp, s, t, d, stream);
        } else {
            launch_interp<float, 1>(sm.interp, s, t, d, stream);
        }
    }
    return vl_gpu_check_launch("remap kernel");
}
