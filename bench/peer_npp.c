#include "peer_npp.h"

#include <cuda_runtime_api.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <nppcore.h>
#include <nppi_color_conversion.h>
#include <nppi_data_exchange_and_initialization.h>
#include <nppi_geometry_transforms.h>
#include <nppi_filtering_functions.h>
#include <stdio.h>

const char *peer_npp_version(void)
{
    static char text[32];
    const NppLibraryVersion *v = nppGetLibVersion();
    if (v) snprintf(text, sizeof text, "%d.%d.%d", v->major, v->minor, v->build);
    return text;
}

/* The context of the last stream asked for, filled from the device's properties. */
static int context(void *cuda_stream, NppStreamContext *out)
{
    static NppStreamContext ctx;
    static int ready;
    if (ready && ctx.hStream == (cudaStream_t)cuda_stream) {
        *out = ctx;
        return 0;
    }
    NppStreamContext c = { 0 };
    struct cudaDeviceProp p;
    cudaError_t err = cudaGetDevice(&c.nCudaDeviceId);
    if (err == cudaSuccess) err = cudaGetDeviceProperties(&p, c.nCudaDeviceId);
    if (err == cudaSuccess) err = cudaStreamGetFlags((cudaStream_t)cuda_stream, &c.nStreamFlags);
    if (err != cudaSuccess) return bench_fail("CUDA: filling NPP's stream context: %s", cudaGetErrorString(err));
    c.hStream = (cudaStream_t)cuda_stream;
    c.nMultiProcessorCount = p.multiProcessorCount;
    c.nMaxThreadsPerMultiProcessor = p.maxThreadsPerMultiProcessor;
    c.nMaxThreadsPerBlock = p.maxThreadsPerBlock;
    c.nSharedMemPerBlock = p.sharedMemPerBlock;
    c.nCudaDevAttrComputeCapabilityMajor = p.major;
    c.nCudaDevAttrComputeCapabilityMinor = p.minor;
    ctx = c;
    ready = 1;
    *out = ctx;
    return 0;
}

static int check(NppStatus st, const char *what)
{
    if (st < NPP_SUCCESS) return bench_fail("NPP: %s returned error %d", what, (int)st);
    return 0;
}

#define CALL(expr) check((expr), #expr)

static const Npp8u *plane(const vela_image_data *d, int p) { return (const Npp8u *)d->planes[p].data; }
static Npp8u *out0(const vela_image_data *d) { return (Npp8u *)d->planes[0].data; }
static int red(vela_format f) { return f == VELA_FORMAT_BGR8 || f == VELA_FORMAT_BGRA8 ? 2 : 0; }
static int channels(vela_format f) { return f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8 ? 4 : 3; }
static int is_colour(vela_format f) { return channels(f) == 4 || f == VELA_FORMAT_RGB8 || f == VELA_FORMAT_BGR8; }

static int yuv(const vela_image_data *s, const vela_image_data *d, NppiSize roi, NppStreamContext c)
{
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    vela_format f = s->format, t = d->format;
    if (roi.width % 2 || roi.height % 2) return BENCH_UNSUPPORTED;
    if (f == VELA_FORMAT_NV12 && (t == VELA_FORMAT_RGB8 || t == VELA_FORMAT_BGR8)) {
        if (s->planes[1].pitch != sp) return BENCH_UNSUPPORTED;  /* one step for both planes */
        const Npp8u *src[2] = { plane(s, 0), plane(s, 1) };
        return t == VELA_FORMAT_RGB8 ? CALL(nppiNV12ToRGB_8u_P2C3R_Ctx(src, sp, out0(d), dp, roi, c))
                                     : CALL(nppiNV12ToBGR_8u_P2C3R_Ctx(src, sp, out0(d), dp, roi, c));
    }
    if (f == VELA_FORMAT_I420 && (t == VELA_FORMAT_RGB8 || t == VELA_FORMAT_BGR8)) {
        const Npp8u *src[3] = { plane(s, 0), plane(s, 1), plane(s, 2) };
        int steps[3] = { sp, s->planes[1].pitch, s->planes[2].pitch };
        return t == VELA_FORMAT_RGB8 ? CALL(nppiYCbCr420ToRGB_8u_P3C3R_Ctx(src, steps, out0(d), dp, roi, c))
                                     : CALL(nppiYCbCr420ToBGR_8u_P3C3R_Ctx(src, steps, out0(d), dp, roi, c));
    }
    if (f == VELA_FORMAT_YUYV && t == VELA_FORMAT_RGB8)
        return CALL(nppiYCbCr422ToRGB_8u_C2C3R_Ctx(plane(s, 0), sp, out0(d), dp, roi, c));
    if (f == VELA_FORMAT_YUYV && t == VELA_FORMAT_BGR8)
        return CALL(nppiYCbCr422ToBGR_8u_C2C3R_Ctx(plane(s, 0), sp, out0(d), dp, roi, c));
    if (f == VELA_FORMAT_UYVY && t == VELA_FORMAT_RGB8)
        return CALL(nppiCbYCr422ToRGB_8u_C2C3R_Ctx(plane(s, 0), sp, out0(d), dp, roi, c));
    return BENCH_UNSUPPORTED;  /* NV12 -> 4 channels, UYVY -> BGR8: not in NPP 13.0 */
}

static int rgb(const vela_image_data *s, const vela_image_data *d, NppiSize roi, NppStreamContext c)
{
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    int sc = channels(s->format), dc = channels(d->format);
    int swap = red(s->format) != red(d->format);
    const int order3[3] = { swap ? 2 : 0, 1, swap ? 0 : 2 };
    const int order4[4] = { order3[0], 1, order3[2], 3 };
    if (sc == 3 && dc == 3) return CALL(nppiSwapChannels_8u_C3R_Ctx(plane(s, 0), sp, out0(d), dp, roi, order3, c));
    if (sc == 3 && dc == 4)
        return CALL(nppiSwapChannels_8u_C3C4R_Ctx(plane(s, 0), sp, out0(d), dp, roi, order4, 255, c));
    if (sc == 4 && dc == 3) return CALL(nppiSwapChannels_8u_C4C3R_Ctx(plane(s, 0), sp, out0(d), dp, roi, order3, c));
    return CALL(nppiSwapChannels_8u_C4R_Ctx(plane(s, 0), sp, out0(d), dp, roi, order4, c));
}

static int gray(const vela_image_data *s, const vela_image_data *d, NppiSize roi, NppStreamContext c)
{
    if (channels(s->format) != 3) return BENCH_UNSUPPORTED;
    int r = red(s->format);
    const Npp32f coeffs[3] = { r == 0 ? 0.299f : 0.114f, 0.587f, r == 0 ? 0.114f : 0.299f };
    return CALL(nppiColorToGray_8u_C3C1R_Ctx(plane(s, 0), s->planes[0].pitch, out0(d), d->planes[0].pitch, roi,
                                             coeffs, c));
}

/* dst = src * scale + offset, through nppiConvert (scale 1) or nppiScale (a range mapping). */
static int depth(const vela_image_data *s, const vela_image_data *d, float scale, float offset, NppiSize roi,
                 NppStreamContext c)
{
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    vela_format f = s->format, t = d->format;
    int identity = scale == 1.0f && offset == 0.0f;
    if (f == VELA_FORMAT_U8 && t == VELA_FORMAT_F32) {
        if (identity) return CALL(nppiConvert_8u32f_C1R_Ctx(plane(s, 0), sp, (Npp32f *)out0(d), dp, roi, c));
        /* [0, 255] -> [nMin, nMax] */
        return CALL(nppiScale_8u32f_C1R_Ctx(plane(s, 0), sp, (Npp32f *)out0(d), dp, roi, offset,
                                            offset + 255.0f * scale, c));
    }
    if (f == VELA_FORMAT_F32 && t == VELA_FORMAT_U8) {
        if (identity)
            return CALL(nppiConvert_32f8u_C1R_Ctx((const Npp32f *)plane(s, 0), sp, out0(d), dp, roi, NPP_RND_NEAR, c));
        if (scale <= 0.0f) return BENCH_UNSUPPORTED;
        /* [nMin, nMax] -> [0, 255] */
        float lo = -offset / scale;
        return CALL(nppiScale_32f8u_C1R_Ctx((const Npp32f *)plane(s, 0), sp, out0(d), dp, roi, lo,
                                            lo + 255.0f / scale, c));
    }
    if (f == VELA_FORMAT_U16 && t == VELA_FORMAT_U8) {
        if (identity) return CALL(nppiConvert_16u8u_C1R_Ctx((const Npp16u *)plane(s, 0), sp, out0(d), dp, roi, c));
        if (offset == 0.0f && fabsf(scale * 256.0f - 1.0f) < 0.01f)  /* maps [0, 65535] to [0, 255] */
            return CALL(nppiScale_16u8u_C1R_Ctx((const Npp16u *)plane(s, 0), sp, out0(d), dp, roi,
                                                NPP_ALG_HINT_NONE, c));
    }
    return BENCH_UNSUPPORTED;
}

int peer_npp_convert_format(const vela_image_data *src, const vela_image_data *dst,
                            const vela_convert_format_params *params, void *cuda_stream)
{
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    if (params) p = *params;
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    NppiSize roi = { src->width, src->height };
    vela_format f = src->format, t = dst->format;
    int yuv_source = f == VELA_FORMAT_NV12 || f == VELA_FORMAT_I420 || f == VELA_FORMAT_YUYV || f == VELA_FORMAT_UYVY;
    if (yuv_source && is_colour(t)) {
        if (p.matrix != VELA_COLOR_BT601 || p.range == VELA_RANGE_FULL) return BENCH_UNSUPPORTED;
        return yuv(src, dst, roi, c);
    }
    if (is_colour(f) && is_colour(t)) return rgb(src, dst, roi, c);
    if (is_colour(f) && t == VELA_FORMAT_U8)
        return p.matrix == VELA_COLOR_BT601 ? gray(src, dst, roi, c) : BENCH_UNSUPPORTED;
    return depth(src, dst, p.scale, p.offset, roi, c);
}

int peer_npp_rescale(const vela_image_data *src, const vela_image_data *dst, const vela_rescale_params *params,
                     void *cuda_stream)
{
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    if (params) p = *params;
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    int mode;
    switch (p.interp) {
    case VELA_INTERP_NEAREST: mode = NPPI_INTER_NN; break;
    case VELA_INTERP_LINEAR: mode = NPPI_INTER_LINEAR; break;
    case VELA_INTERP_CUBIC: mode = NPPI_INTER_CUBIC; break;
    default:
        if (dst->width > src->width || dst->height > src->height) return BENCH_UNSUPPORTED;
        mode = NPPI_INTER_SUPER;
        break;
    }
    NppiSize ss = { src->width, src->height }, ds = { dst->width, dst->height };
    NppiRect sr = { 0, 0, src->width, src->height }, dr = { 0, 0, dst->width, dst->height };
    int sp = src->planes[0].pitch, dp = dst->planes[0].pitch;
    if (src->format == VELA_FORMAT_U8)
        return CALL(nppiResize_8u_C1R_Ctx(plane(src, 0), sp, ss, sr, out0(dst), dp, ds, dr, mode, c));
    if (src->format == VELA_FORMAT_RGBA8 || src->format == VELA_FORMAT_BGRA8)
        return CALL(nppiResize_8u_C4R_Ctx(plane(src, 0), sp, ss, sr, out0(dst), dp, ds, dr, mode, c));
    return BENCH_UNSUPPORTED;
}

/* ---- filters ---------------------------------------------------------------------------------- */

static NppiSize size_of(const vela_image_data *d) { return (NppiSize){ d->width, d->height }; }

int peer_npp_box_filter(const vela_image_data *s, const vela_image_data *d, int kw, int kh, void *cuda_stream)
{
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    NppiSize roi = size_of(s), mask = { kw, kh };
    NppiPoint at = { 0, 0 }, anchor = { kw / 2, kh / 2 };
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    switch (s->format) {
    case VELA_FORMAT_U8:
        return CALL(nppiFilterBoxBorder_8u_C1R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, anchor, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_RGB8: case VELA_FORMAT_BGR8:
        return CALL(nppiFilterBoxBorder_8u_C3R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, anchor, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_RGBA8: case VELA_FORMAT_BGRA8:
        return CALL(nppiFilterBoxBorder_8u_C4R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, anchor, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_F32:
        return CALL(nppiFilterBoxBorder_32f_C1R_Ctx((const Npp32f *)plane(s, 0), sp, roi, at, (Npp32f *)out0(d), dp, roi, mask,
                                                    anchor, NPP_BORDER_REPLICATE, c));
    default: return BENCH_UNSUPPORTED;
    }
}

int peer_npp_gaussian_filter(const vela_image_data *s, const vela_image_data *d, int kw, int kh, void *cuda_stream)
{
    static const NppiMaskSize masks[] = { NPP_MASK_SIZE_3_X_3, NPP_MASK_SIZE_5_X_5, NPP_MASK_SIZE_7_X_7,
                                          NPP_MASK_SIZE_9_X_9, NPP_MASK_SIZE_11_X_11, NPP_MASK_SIZE_13_X_13,
                                          NPP_MASK_SIZE_15_X_15 };
    if (kw != kh || kw < 3 || kw > 15 || !(kw & 1)) return BENCH_UNSUPPORTED;
    NppiMaskSize mask = masks[(kw - 3) / 2];
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    NppiSize roi = size_of(s);
    NppiPoint at = { 0, 0 };
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    switch (s->format) {
    case VELA_FORMAT_U8:
        return CALL(nppiFilterGaussBorder_8u_C1R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_RGB8: case VELA_FORMAT_BGR8:
        return CALL(nppiFilterGaussBorder_8u_C3R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_RGBA8: case VELA_FORMAT_BGRA8:
        return CALL(nppiFilterGaussBorder_8u_C4R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, mask, NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_F32:
        return CALL(nppiFilterGaussBorder_32f_C1R_Ctx((const Npp32f *)plane(s, 0), sp, roi, at, (Npp32f *)out0(d), dp, roi, mask,
                                                      NPP_BORDER_REPLICATE, c));
    default: return BENCH_UNSUPPORTED;
    }
}

/* NPP reads kernels from device memory: each host kernel is uploaded once and kept. */
static const Npp32f *device_weights(const float *k, int n)
{
    static struct { const float *host; int n; Npp32f *dev; } cache[16];
    static int used;
    for (int i = 0; i < used; i++)
        if (cache[i].host == k && cache[i].n == n) return cache[i].dev;
    if (used == 16) return NULL;
    Npp32f *dev;
    if (cudaMalloc((void **)&dev, sizeof(float) * (size_t)n) != cudaSuccess) return NULL;
    if (cudaMemcpy(dev, k, sizeof(float) * (size_t)n, cudaMemcpyHostToDevice) != cudaSuccess) return NULL;
    cache[used].host = k;
    cache[used].n = n;
    cache[used].dev = dev;
    used++;
    return dev;
}

int peer_npp_convolution(const vela_image_data *s, const vela_image_data *d, const float *kernel, int kw, int kh,
                         void *cuda_stream)
{
    const Npp32f *k = device_weights(kernel, kw * kh);
    if (!k) return bench_fail("CUDA: uploading NPP's kernel failed");
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    NppiSize roi = size_of(s), ksize = { kw, kh };
    NppiPoint at = { 0, 0 }, anchor = { kw / 2, kh / 2 };
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    switch (s->format) {
    case VELA_FORMAT_U8:
        return CALL(nppiFilterBorder32f_8u_C1R_Ctx(plane(s, 0), sp, roi, at, out0(d), dp, roi, k, ksize, anchor,
                                                   NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_F32:
        return CALL(nppiFilterBorder_32f_C1R_Ctx((const Npp32f *)plane(s, 0), sp, roi, at, (Npp32f *)out0(d), dp, roi, k,
                                                 ksize, anchor, NPP_BORDER_REPLICATE, c));
    default: return BENCH_UNSUPPORTED;
    }
}

/* The row pass's result, between NPP's two calls: one device image, grown as needed. */
static void *scratch(size_t pitch, int rows)
{
    static void *buffer;
    static size_t bytes;
    size_t need = pitch * (size_t)rows;
    if (need > bytes) {
        cudaFree(buffer);
        buffer = NULL;
        bytes = 0;
        if (cudaMalloc(&buffer, need) != cudaSuccess) return NULL;
        bytes = need;
    }
    return buffer;
}

int peer_npp_separable_convolution(const vela_image_data *s, const vela_image_data *d, const float *kx, int nx,
                                   const float *ky, int ny, void *cuda_stream)
{
    const Npp32f *dx = device_weights(kx, nx), *dy = device_weights(ky, ny);
    if (!dx || !dy) return bench_fail("CUDA: uploading NPP's kernels failed");
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    NppiSize roi = size_of(s);
    NppiPoint at = { 0, 0 };
    int sp = s->planes[0].pitch, dp = d->planes[0].pitch;
    void *tmp = scratch((size_t)dp, d->height);
    if (!tmp) return bench_fail("CUDA: allocating NPP's scratch image failed");
    switch (s->format) {
    case VELA_FORMAT_U8:
        if (CALL(nppiFilterRowBorder32f_8u_C1R_Ctx(plane(s, 0), sp, roi, at, (Npp8u *)tmp, dp, roi, dx, nx, nx / 2,
                                                   NPP_BORDER_REPLICATE, c)))
            return -1;
        return CALL(nppiFilterColumnBorder32f_8u_C1R_Ctx((const Npp8u *)tmp, dp, roi, at, out0(d), dp, roi, dy, ny, ny / 2,
                                                         NPP_BORDER_REPLICATE, c));
    case VELA_FORMAT_F32:
        if (CALL(nppiFilterRowBorder_32f_C1R_Ctx((const Npp32f *)plane(s, 0), sp, roi, at, (Npp32f *)tmp, dp, roi, dx, nx,
                                                 nx / 2, NPP_BORDER_REPLICATE, c)))
            return -1;
        return CALL(nppiFilterColumnBorder_32f_C1R_Ctx((const Npp32f *)tmp, dp, roi, at, (Npp32f *)out0(d), dp, roi, dy, ny,
                                                       ny / 2, NPP_BORDER_REPLICATE, c));
    default: return BENCH_UNSUPPORTED;
    }
}

/* ---- geometry ---------------------------------------------------------------------------------- */

static int npp_interp(vela_interp i)
{
    return i == VELA_INTERP_NEAREST ? NPPI_INTER_NN : i == VELA_INTERP_LINEAR ? NPPI_INTER_LINEAR : NPPI_INTER_CUBIC;
}

static int npp_channels(vela_format f)
{
    return f == VELA_FORMAT_U8 ? 1 : f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8 ? 4 : 0;
}

int peer_npp_warp_perspective(const vela_image_data *src, const vela_image_data *dst, const double matrix[9],
                              vela_interp interp, void *cuda_stream)
{
    int cn = npp_channels(src->format);
    if (!cn) return BENCH_UNSUPPORTED;
    NppStreamContext c;
    if (context(cuda_stream, &c)) return -1;
    double coeffs[3][3];
    for (int i = 0; i < 9; i++) coeffs[i / 3][i % 3] = matrix[i];
    NppiSize size = { src->width, src->height };
    NppiRect src_roi = { 0, 0, src->width, src->height }, dst_roi = { 0, 0, dst->width, dst->height };
    if (cn == 1)
        return CALL(nppiWarpPerspective_8u_C1R_Ctx(plane(src, 0), size, src->planes[0].pitch, src_roi, out0(dst),
                                                   dst->planes[0].pitch, dst_roi, (const double(*)[3])coeffs,
                                                   npp_interp(interp), c));
    return CALL(nppiWarpPerspective_8u_C4R_Ctx(plane(src, 0), size, src->planes[0].pitch, src_roi, out0(dst),
                                               dst->planes[0].pitch, dst_roi, (const double(*)[3])coeffs,
                                               npp_interp(interp), c));
}

/* The device planes of the last map asked for (the bench runs one map at a time). */
static struct {
    const float *map;
    int w, h;
    float *x, *y;
    size_t pitch;
} device_map;

static int upload_map(const float *map, int32_t pitch, int w, int h)
{
    if (device_map.map == map && device_map.w == w && device_map.h == h) return 0;
    cudaFree(device_map.x);
    cudaFree(device_map.y);
    memset(&device_map, 0, sizeof device_map);
    size_t px, py;
    cudaError_t err = cudaMallocPitch((void **)&device_map.x, &px, (size_t)w * 4, (size_t)h);
    if (err == cudaSuccess) err = cudaMallocPitch((void **)&device_map.y, &py, (size_t)w * 4, (size_t)h);
    float *hx = malloc((size_t)w * h * 4), *hy = malloc((size_t)w * h * 4);
    if (err == cudaSuccess && hx && hy) {
        for (int r = 0; r < h; r++) {
            const float *row = (const float *)((const char *)map + (size_t)r * pitch);
            for (int i = 0; i < w; i++) {
                hx[(size_t)r * w + i] = row[2 * i];
                hy[(size_t)r * w + i] = row[2 * i + 1];
            }
        }
        err = cudaMemcpy2D(device_map.x, px, hx, (size_t)w * 4, (size_t)w * 4, (size_t)h, cudaMemcpyHostToDevice);
        if (err == cudaSuccess)
            err = cudaMemcpy2D(device_map.y, py, hy, (size_t)w * 4, (size_t)w * 4, (size_t)h, cudaMemcpyHostToDevice);
    }
    free(hx);
    free(hy);
    if (err != cudaSuccess) return bench_fail("CUDA: uploading NPP's remap map: %s", cudaGetErrorString(err));
    if (px != py) return bench_fail("CUDA: the map planes got different pitches");
    device_map.map = map, device_map.w = w, device_map.h = h, device_map.pitch = px;
    return 0;
}

int peer_npp_remap(const vela_image_data *src, const vela_image_data *dst, const float *map, int32_t pitch,
                   vela_interp interp, void *cuda_stream)
{
    int cn = npp_channels(src->format);
    if (!cn) return BENCH_UNSUPPORTED;
    NppStreamContext c;
    if (context(cuda_stream, &c) || upload_map(map, pitch, dst->width, dst->height)) return -1;
    NppiSize size = { src->width, src->height }, dsize = { dst->width, dst->height };
    NppiRect src_roi = { 0, 0, src->width, src->height };
    int mp = (int)device_map.pitch;
    if (cn == 1)
        return CALL(nppiRemap_8u_C1R_Ctx(plane(src, 0), size, src->planes[0].pitch, src_roi, device_map.x, mp,
                                         device_map.y, mp, out0(dst), dst->planes[0].pitch, dsize, npp_interp(interp), c));
    return CALL(nppiRemap_8u_C4R_Ctx(plane(src, 0), size, src->planes[0].pitch, src_roi, device_map.x, mp, device_map.y,
                                     mp, out0(dst), dst->planes[0].pitch, dsize, npp_interp(interp), c));
}
