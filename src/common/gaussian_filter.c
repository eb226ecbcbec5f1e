#include "common/plan.h"
#include "common/gaussian_filter.h"

#include "common/cpu_kernels.h"
#include "common/image.h"
#include "common/status.h"

#include <float.h>
#include <math.h>
#include <string.h>

void vela_gaussian_filter_params_default(vela_gaussian_filter_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->kernel_width = 5;
    p->kernel_height = 5;
    p->sigma_x = 0.0;
    p->sigma_y = 0.0;
    p->border = VELA_BORDER_REFLECT_101;
    p->border_value = 0.0f;
}

/* getGaussianKernelBitExact of OpenCV 4.6 in IEEE double (softdouble's +, *, / and fma round the
 * same; exp may differ in the last bit, which the 8-bit quantisation does not see). */
void vl_gaussian_kernel(int32_t n, double sigma, double *k)
{
    static const double binomial[5][9] = {
        { 1.0 },
        { 0.25, 0.5, 0.25 },
        { 0.0625, 0.25, 0.375, 0.25, 0.0625 },
        { 0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125 },
        { 4 / 256.0, 13 / 256.0, 30 / 256.0, 51 / 256.0, 60 / 256.0, 51 / 256.0, 30 / 256.0, 13 / 256.0, 4 / 256.0 },
    };
    if (sigma <= 0 && n <= 9 && (n & 1)) {
        memcpy(k, binomial[n / 2], sizeof(double) * (size_t)n);
        return;
    }
    double sx = sigma > 0 ? sigma : fma((double)n, 0.15, 0.35);  /* ((n - 1) / 2 - 1) * 0.3 + 0.8 */
    double scale2x = -0.125 / (sx * sx);
    int32_t half = (n - 1) / 2;
    double values[VELA_FILTER_MAX_KERNEL], sum = 0.0;
    for (int32_t i = 0, x = 1 - n; i < half; i++, x += 2) {
        values[i] = exp((double)(x * x) * scale2x);
        sum += values[i];
    }
    sum = sum * 2.0 + 1.0;
    if (!(n & 1)) sum += 1.0;
    double mul = 1.0 / sum;
    for (int32_t i = 0; i < half; i++) k[i] = k[n - 1 - i] = values[i] * mul;
    k[half] = mul;
    if (!(n & 1)) k[half + 1] = mul;
}

/* getGaussianKernelFixedPoint_ED: each weight rounded (half to even) with the previous ones' error
 * carried over, the centre taking what makes the sum 256. */
void vl_gaussian_kernel_q8(const double *k, int32_t n, uint16_t *q)
{
    double err = 0.0;
    int32_t sum = 0, half = n / 2;
    for (int32_t i = 0; i < half; i++) {
        double adjusted = k[i] * 256.0 + err;
        double v = nearbyint(adjusted);
        err = adjusted - v;
        q[i] = q[n - 1 - i] = (uint16_t)v;
        sum += (int32_t)v;
    }
    q[half] = (uint16_t)(256 - 2 * sum);
}

/* A side of the kernel from the parameters, by OpenCV's rules; `name` and `sigma_name` for messages. */
static vela_status resolve_size(int32_t size, double sigma, vl_depth depth, const char *name,
                                const char *sigma_name, int32_t *out)
{
    if (size <= 0 && sigma > 0) {
        double n = nearbyint(sigma * (depth == VL_DEPTH_U8 ? 3 : 4) * 2 + 1);
        if (n > VELA_FILTER_MAX_KERNEL)
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s 0 with %s %g asks for %g taps: at most %d",
                           name, sigma_name, sigma, n, VELA_FILTER_MAX_KERNEL);
        size = (int32_t)n | 1;
    }
    if (size <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s %d needs %s > 0 (it is %g) to be taken from", name, size,
                       sigma_name, sigma);
    if (size > VELA_FILTER_MAX_KERNEL || !(size & 1))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "%s %d must be odd, 1..%d", name, size, VELA_FILTER_MAX_KERNEL);
    *out = size;
    return VELA_OK;
}

vela_status vl_gaussian_plan_make(vela_format format, int32_t width, int32_t height,
                                  const vela_gaussian_filter_params *params, vl_gaussian_plan *plan)
{
    vela_gaussian_filter_params defaults;
    vela_gaussian_filter_params_default(&defaults);
    const vela_gaussian_filter_params *p = params ? params : &defaults;
    vl_filter_shape s;
    vela_status st;
    memset(plan, 0, sizeof *plan);
    if ((st = vl_filter_shape_make(format, width, height, "Gaussian filter", VL_GAUSSIAN_FORMATS,
                                   "U8, RGB8, BGR8, RGBA8, BGRA8, S16, F16 or F32", p->border, p->border_value, &s)) != VELA_OK)
        return st;
    if (!isfinite(p->sigma_x) || !isfinite(p->sigma_y))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->sigma_x %g and params->sigma_y %g must be finite",
                       p->sigma_x, p->sigma_y);
    double sx = p->sigma_x, sy = p->sigma_y <= 0 ? p->sigma_x : p->sigma_y;
    if ((st = resolve_size(p->kernel_width, sx, s.depth, "params->kernel_width", "params->sigma_x", &s.kw)) != VELA_OK ||
        (st = resolve_size(p->kernel_height, sy, s.depth, "params->kernel_height", "params->sigma_y", &s.kh)) != VELA_OK)
        return st;
    /* cv::GaussianBlur: a side of one pixel folds every tap onto that pixel, so one tap does. */
    if (s.border != VELA_BORDER_CONSTANT) {
        if (height == 1) s.kh = 1;
        if (width == 1) s.kw = 1;
    }
    sx = sx > 0 ? sx : 0;
    sy = sy > 0 ? sy : 0;
    double kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    vl_gaussian_kernel(s.kw, sx, kx);
    if (s.kh == s.kw && fabs(sx - sy) < DBL_EPSILON) memcpy(ky, kx, sizeof kx);
    else vl_gaussian_kernel(s.kh, sy, ky);

    if (s.depth == VL_DEPTH_U8) {
        plan->integer = true;
        plan->q8.s = s;
        vl_gaussian_kernel_q8(kx, s.kw, plan->q8.kx);
        vl_gaussian_kernel_q8(ky, s.kh, plan->q8.ky);
        return VELA_OK;
    }
    float fx[VELA_FILTER_MAX_KERNEL], fy[VELA_FILTER_MAX_KERNEL];
    for (int32_t i = 0; i < s.kw; i++) fx[i] = (float)kx[i];
    for (int32_t i = 0; i < s.kh; i++) fy[i] = (float)ky[i];
    vela_convolution_params cp = { p->border, p->border_value };
    return vl_sepconv_plan_make(format, width, height, fx, s.kw, fy, s.kh, &cp, &plan->f);
}

typedef struct band_args {
    const vl_gauss8_plan *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void gauss_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_gauss8_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_gauss8_ref(b->plan, b->src, b->dst, y0, y1);
}

static vela_status run_gaussian(const vl_task_ctx *ctx)
{
    const vl_gaussian_plan *plan = ctx->args;
    if (!plan->integer) return vl_sepconv_run(ctx, &plan->f);
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_gauss8_cuda(&plan->q8, src, dst, ctx->gpu_stream);
#endif
    band_args b = { &plan->q8, src, dst, false };
#if VELA_HAVE_NEON
    /* A NEON kernel that declines says so on an empty band, before any row is written. */
    b.neon = vl_cpu_neon_enabled() && vl_gauss8_neon(&plan->q8, src, dst, 0, 0) == VELA_OK;
#endif
    const vl_filter_shape *s = &plan->q8.s;
    vl_run_bands(ctx, s->height, 1, 2.0 * s->width * s->channels * (1.0 + (s->kw + s->kh) / 8.0), gauss_band, &b);
    return VELA_OK;
}

static vl_cost gaussian_cost(const vl_gaussian_plan *plan)
{
    if (!plan->integer) return vl_sepconv_cost(&plan->f, "gaussian_filter");
    const vl_filter_shape *s = &plan->q8.s;
    double bytes = vl_format_bytes(s->format, s->width, s->height);
    double elems = (double)s->width * s->height * s->channels;
    /* A multiply-add per tap of each pass, then the rounding. */
    return (vl_cost){ .algorithm = "gaussian_filter", .int_ops = (2.0 * (s->kw + s->kh) + 3.0) * elems,
                      .bytes_read = bytes, .bytes_written = bytes,
                      .work_items = (double)s->width * s->height };
}

/* "gaussian_filter WxH FORMAT [ksize=K]" (K x K, 5 by default; sigma from the size) */
vela_status vl_gaussian_filter_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vela_gaussian_filter_params params;
    vela_gaussian_filter_params_default(&params);
    vela_status st = vl_stage_int(stage, "ksize", params.kernel_width, &params.kernel_width);
    params.kernel_height = params.kernel_width;
    vl_gaussian_plan plan;
    if (st == VELA_OK) st = vl_gaussian_plan_make(stage->src_format, stage->width, stage->height, &params, &plan);
    if (st == VELA_OK) *cost = gaussian_cost(&plan);
    return st;
}

vela_status vela_submit_gaussian_filter(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                        const vela_gaussian_filter_params *params)
{
    vela_status st = vl_filter_check_images(stream, src, dst, "Gaussian filter");
    if (st != VELA_OK) return st;
    vl_gaussian_plan plan;
    if ((st = vl_gaussian_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), params, &plan)) !=
        VELA_OK)
        return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = gaussian_cost(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_gaussian, &plan, sizeof plan);
}
