#include "common/plan.h"
#include "common/box_filter.h"

#include "common/cpu_kernels.h"
#include "common/image.h"
#include "common/status.h"

#include <math.h>
#include <string.h>

void vela_box_filter_params_default(vela_box_filter_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->kernel_width = 5;
    p->kernel_height = 5;
    p->border = VELA_BORDER_REFLECT_101;
    p->border_value = 0.0f;
}

vela_status vl_box_plan_make(vela_format format, int32_t width, int32_t height,
                             const vela_box_filter_params *params, vl_box_plan *plan)
{
    vela_box_filter_params defaults;
    vela_box_filter_params_default(&defaults);
    const vela_box_filter_params *p = params ? params : &defaults;
    vl_filter_shape s;
    vela_status st;
    memset(plan, 0, sizeof *plan);
    if ((st = vl_filter_shape_make(format, width, height, "box filter", VL_BOX_FORMATS,
                                   "U8, RGB8, BGR8, RGBA8, BGRA8, S16, F16 or F32", p->border, p->border_value, &s)) != VELA_OK ||
        (st = vl_filter_check_size(p->kernel_width, VELA_FILTER_MAX_KERNEL, "params->kernel_width")) != VELA_OK ||
        (st = vl_filter_check_size(p->kernel_height, VELA_FILTER_MAX_KERNEL, "params->kernel_height")) != VELA_OK)
        return st;
    s.kw = p->kernel_width;
    s.kh = p->kernel_height;
    int32_t area = s.kw * s.kh;
    if (s.depth != VL_DEPTH_U8) {
        /* Exact sums along rows (S16: integers in float), the mean taken down the columns. */
        float ones[VELA_FILTER_MAX_KERNEL], means[VELA_FILTER_MAX_KERNEL];
        for (int32_t i = 0; i < VELA_FILTER_MAX_KERNEL; i++) {
            ones[i] = 1.0f;
            means[i] = (float)(1.0 / area);
        }
        vela_convolution_params cp = { p->border, p->border_value };
        return vl_sepconv_plan_make(format, width, height, ones, s.kw, means, s.kh, &cp, &plan->f);
    }
    plan->integer = true;
    plan->b8.s = s;
    plan->b8.inv_area = (float)(1.0 / area);
    /* OpenCV's ColumnSum<ushort, uchar>: 1/area in Q23, its rounding error folded into the bias. */
    if (area == 1) {
        plan->b8.div_delta = 0;
        plan->b8.div_scale = 1u << VL_BOX_SHIFT;
    } else {
        double scalef = (double)(1 << VL_BOX_SHIFT) / area;
        uint32_t ds = (uint32_t)floor(scalef), dd = (uint32_t)(area / 2);
        if (scalef - ds < 0.5) dd++;
        else ds++;
        plan->b8.div_delta = dd;
        plan->b8.div_scale = ds;
    }
    return VELA_OK;
}

typedef struct band_args {
    const vl_box8_plan *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void box_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_box8_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_box8_ref(b->plan, b->src, b->dst, y0, y1);
}

static vela_status run_box(const vl_task_ctx *ctx)
{
    const vl_box_plan *plan = ctx->args;
    if (!plan->integer) return vl_sepconv_run(ctx, &plan->f);
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_box8_cuda(&plan->b8, src, dst, ctx->gpu_stream);
#endif
    band_args b = { &plan->b8, src, dst, false };
#if VELA_HAVE_NEON
    /* A NEON kernel that declines says so on an empty band, before any row is written. */
    b.neon = vl_cpu_neon_enabled() && vl_box8_neon(&plan->b8, src, dst, 0, 0) == VELA_OK;
#endif
    const vl_filter_shape *s = &plan->b8.s;
    vl_run_bands(ctx, s->height, 1, 2.0 * s->width * s->channels * (1.0 + (s->kw + s->kh) / 16.0), box_band, &b);
    return VELA_OK;
}

static vl_cost box_cost(const vl_box_plan *plan)
{
    if (!plan->integer) return vl_sepconv_cost(&plan->f, "box_filter");
    const vl_filter_shape *s = &plan->b8.s;
    double bytes = vl_format_bytes(s->format, s->width, s->height);
    double elems = (double)s->width * s->height * s->channels;
    /* An add per tap of each pass, then the division. */
    return (vl_cost){ .algorithm = "box_filter", .int_ops = (s->kw + s->kh + 4.0) * elems,
                      .bytes_read = bytes, .bytes_written = bytes,
                      .work_items = (double)s->width * s->height };
}

/* "box_filter WxH FORMAT [ksize=K]" (K x K, 5 by default) */
vela_status vl_box_filter_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vela_box_filter_params params;
    vela_box_filter_params_default(&params);
    vela_status st = vl_stage_int(stage, "ksize", params.kernel_width, &params.kernel_width);
    params.kernel_height = params.kernel_width;
    vl_box_plan plan;
    if (st == VELA_OK) st = vl_box_plan_make(stage->src_format, stage->width, stage->height, &params, &plan);
    if (st == VELA_OK) *cost = box_cost(&plan);
    return st;
}

vela_status vela_submit_box_filter(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                   const vela_box_filter_params *params)
{
    vela_status st = vl_filter_check_images(stream, src, dst, "box filter");
    if (st != VELA_OK) return st;
    vl_box_plan plan;
    if ((st = vl_box_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), params, &plan)) != VELA_OK)
        return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = box_cost(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_box, &plan, sizeof plan);
}
