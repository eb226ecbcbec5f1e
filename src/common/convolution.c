#include "common/plan.h"
#include "common/convolution.h"

#include "common/cpu_kernels.h"
#include "common/image.h"
#include "common/status.h"

#include <string.h>

#define FORMAT_LIST "U8, S16, F16 or F32"

void vela_convolution_params_default(vela_convolution_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->border = VELA_BORDER_REFLECT_101;
    p->border_value = 0.0f;
}

static const vela_convolution_params *params_or_default(const vela_convolution_params *p,
                                                        vela_convolution_params *defaults)
{
    vela_convolution_params_default(defaults);
    return p ? p : defaults;
}

vela_status vl_sepconv_plan_make(vela_format format, int32_t width, int32_t height, const float *kx,
                                 int32_t size_x, const float *ky, int32_t size_y,
                                 const vela_convolution_params *params, vl_sepconv_plan *plan)
{
    vela_convolution_params defaults;
    const vela_convolution_params *p = params_or_default(params, &defaults);
    vela_status st;
    memset(plan, 0, sizeof *plan);
    if ((st = vl_filter_shape_make(format, width, height, "separable convolution", VL_CONVOLUTION_FORMATS,
                                   FORMAT_LIST, p->border, p->border_value, &plan->s)) != VELA_OK)
        return st;
    if (!kx) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "kernel_x is NULL");
    if (!ky) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "kernel_y is NULL");
    if ((st = vl_filter_check_size(size_x, VELA_FILTER_MAX_KERNEL, "size_x")) != VELA_OK ||
        (st = vl_filter_check_size(size_y, VELA_FILTER_MAX_KERNEL, "size_y")) != VELA_OK ||
        (st = vl_filter_check_weights(kx, size_x, "kernel_x")) != VELA_OK ||
        (st = vl_filter_check_weights(ky, size_y, "kernel_y")) != VELA_OK)
        return st;
    plan->s.kw = size_x;
    plan->s.kh = size_y;
    memcpy(plan->kx, kx, sizeof(float) * (size_t)size_x);
    memcpy(plan->ky, ky, sizeof(float) * (size_t)size_y);
    return VELA_OK;
}

vela_status vl_conv2d_plan_make(vela_format format, int32_t width, int32_t height, const float *kernel,
                                int32_t kernel_width, int32_t kernel_height,
                                const vela_convolution_params *params, vl_conv2d_plan *plan)
{
    vela_convolution_params defaults;
    const vela_convolution_params *p = params_or_default(params, &defaults);
    vela_status st;
    memset(plan, 0, sizeof *plan);
    if ((st = vl_filter_shape_make(format, width, height, "convolution", VL_CONVOLUTION_FORMATS, FORMAT_LIST,
                                   p->border, p->border_value, &plan->s)) != VELA_OK)
        return st;
    if (!kernel) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "kernel is NULL");
    if ((st = vl_filter_check_size(kernel_width, VELA_CONVOLUTION_MAX_KERNEL, "kernel_width")) != VELA_OK ||
        (st = vl_filter_check_size(kernel_height, VELA_CONVOLUTION_MAX_KERNEL, "kernel_height")) != VELA_OK ||
        (st = vl_filter_check_weights(kernel, kernel_width * kernel_height, "kernel")) != VELA_OK)
        return st;
    plan->s.kw = kernel_width;
    plan->s.kh = kernel_height;
    memcpy(plan->k, kernel, sizeof(float) * (size_t)(kernel_width * kernel_height));
    return VELA_OK;
}

/* ---- running on the CPU, in bands ----------------------------------------------------------- */

typedef struct band_args {
    const void *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void sepconv_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_sepconv_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_sepconv_ref(b->plan, b->src, b->dst, y0, y1);
}

static void conv2d_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_conv2d_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_conv2d_ref(b->plan, b->src, b->dst, y0, y1);
}

/* A band should pay for a wake-up in work, not only in bytes: weigh the bytes by the taps. */
static double band_bytes_per_row(const vl_filter_shape *s, double taps)
{
    return 2.0 * s->width * vl_depth_bytes(s->depth) * (1.0 + taps / 8.0);
}

vela_status vl_sepconv_run(const vl_task_ctx *ctx, const vl_sepconv_plan *plan)
{
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_sepconv_cuda(plan, src, dst, ctx->gpu_stream);
#endif
    band_args b = { plan, src, dst, false };
#if VELA_HAVE_NEON
    /* A NEON kernel that declines says so on an empty band, before any row is written. */
    b.neon = vl_cpu_neon_enabled() && vl_sepconv_neon(plan, src, dst, 0, 0) == VELA_OK;
#endif
    vl_run_bands(ctx, plan->s.height, 1, band_bytes_per_row(&plan->s, plan->s.kw + plan->s.kh), sepconv_band, &b);
    return VELA_OK;
}

static vela_status run_sepconv(const vl_task_ctx *ctx) { return vl_sepconv_run(ctx, ctx->args); }

static vela_status run_conv2d(const vl_task_ctx *ctx)
{
    const vl_conv2d_plan *plan = ctx->args;
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_conv2d_cuda(plan, src, dst, ctx->gpu_stream);
#endif
    band_args b = { plan, src, dst, false };
#if VELA_HAVE_NEON
    b.neon = vl_cpu_neon_enabled() && vl_conv2d_neon(plan, src, dst, 0, 0) == VELA_OK;
#endif
    vl_run_bands(ctx, plan->s.height, 1, band_bytes_per_row(&plan->s, plan->s.kw * plan->s.kh), conv2d_band, &b);
    return VELA_OK;
}

/* ---- cost and submission -------------------------------------------------------------------- */

vl_cost vl_sepconv_cost(const vl_sepconv_plan *plan, const char *algorithm)
{
    const vl_filter_shape *s = &plan->s;
    double bytes = vl_format_bytes(s->format, s->width, s->height);
    double elems = (double)s->width * s->height * s->channels;
    /* A multiply and an add per tap of each pass; loads and stores convert to and from float. */
    return (vl_cost){ .algorithm = algorithm, .f32_ops = 2.0 * (s->kw + s->kh) * elems, .int_ops = 2.0 * elems,
                      .bytes_read = bytes, .bytes_written = bytes,
                      .work_items = (double)s->width * s->height };
}

static vl_cost conv2d_cost(const vl_conv2d_plan *plan)
{
    const vl_filter_shape *s = &plan->s;
    double bytes = vl_format_bytes(s->format, s->width, s->height);
    double elems = (double)s->width * s->height;
    return (vl_cost){ .algorithm = "convolution", .f32_ops = 2.0 * s->kw * s->kh * elems, .int_ops = 2.0 * elems,
                      .bytes_read = bytes, .bytes_written = bytes,
                      .work_items = elems };
}

/* "convolution WxH FORMAT [ksize=K] [separable=1]": a K x K kernel (3 by default), 2D or as a row
 * and a column pass; the weights do not change the cost. */
vela_status vl_convolution_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    int32_t k, separable;
    vela_status st = vl_stage_int(stage, "ksize", 3, &k);
    if (st == VELA_OK) st = vl_stage_int(stage, "separable", 0, &separable);
    if (st != VELA_OK) return st;
    if (k < 1 || k > 31) return vl_fail(VELA_ERROR_PARSE, "line %d: ksize=%d must be 1..31", stage->line, k);
    float weights[31 * 31];
    for (int32_t i = 0; i < k * k; i++) weights[i] = 1.0f / (float)(k * k);
    if (separable) {
        vl_sepconv_plan plan;
        st = vl_sepconv_plan_make(stage->src_format, stage->width, stage->height, weights, k, weights, k, NULL, &plan);
        if (st == VELA_OK) *cost = vl_sepconv_cost(&plan, "separable_convolution");
        return st;
    }
    vl_conv2d_plan plan;
    st = vl_conv2d_plan_make(stage->src_format, stage->width, stage->height, weights, k, k, NULL, &plan);
    if (st == VELA_OK) *cost = conv2d_cost(&plan);
    return st;
}

vela_status vela_submit_separable_convolution(vela_stream *stream, vela_backend backend, vela_image *src,
                                              vela_image *dst, const float *kernel_x, int32_t size_x,
                                              const float *kernel_y, int32_t size_y,
                                              const vela_convolution_params *params)
{
    vela_status st = vl_filter_check_images(stream, src, dst, "separable convolution");
    if (st != VELA_OK) return st;
    vl_sepconv_plan plan;
    if ((st = vl_sepconv_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), kernel_x,
                                   size_x, kernel_y, size_y, params, &plan)) != VELA_OK)
        return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = vl_sepconv_cost(&plan, "separable_convolution");
    return vl_submit(stream, backend, ops, 2, &cost, run_sepconv, &plan, sizeof plan);
}

vela_status vela_submit_convolution(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                    const float *kernel, int32_t kernel_width, int32_t kernel_height,
                                    const vela_convolution_params *params)
{
    vela_status st = vl_filter_check_images(stream, src, dst, "convolution");
    if (st != VELA_OK) return st;
    vl_conv2d_plan plan;
    if ((st = vl_conv2d_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), kernel,
                                  kernel_width, kernel_height, params, &plan)) != VELA_OK)
        return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = conv2d_cost(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_conv2d, &plan, sizeof plan);
}
