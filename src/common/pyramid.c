#include "common/pyramid.h"
#include "common/plan.h"

#include "common/image.h"
#include "common/resample.h"
#include "common/status.h"
#include "common/stream.h"

#include <string.h>

void vela_pyr_down_params_default(vela_pyr_down_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->border = VELA_BORDER_REFLECT_101;
}

vela_status vl_pyr_plan_make(vela_format format, int32_t src_w, int32_t src_h, int32_t dst_w, int32_t dst_h,
                             const vela_pyr_down_params *params, vl_pyr_plan *plan)
{
    vela_pyr_down_params defaults;
    vela_pyr_down_params_default(&defaults);
    const vela_pyr_down_params *p = params ? params : &defaults;
    vela_status st = vl_resample_check_format(format, "pyr_down");
    if (st != VELA_OK) return st;
    if (p->border != VELA_BORDER_REFLECT_101 && p->border != VELA_BORDER_REFLECT && p->border != VELA_BORDER_REPLICATE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "params->border %d is not REFLECT_101, REFLECT or REPLICATE (those of cv::pyrDown)",
                       (int)p->border);
    if (src_w <= 0 || src_h <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is %dx%d: sizes must be > 0", src_w, src_h);
    if (dst_w != (src_w + 1) / 2 || dst_h != (src_h + 1) / 2)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is %dx%d but a level below %dx%d is %dx%d", dst_w, dst_h,
                       src_w, src_h, (src_w + 1) / 2, (src_h + 1) / 2);
    const vl_format_info *info = vl_format_info_of(format);
    memset(plan, 0, sizeof *plan);
    plan->format = format;
    plan->depth = info->depth;
    plan->channels = info->channels;
    plan->src_w = src_w, plan->src_h = src_h, plan->dst_w = dst_w, plan->dst_h = dst_h;
    plan->border = p->border;
    return VELA_OK;
}

static vela_status pyr_rows(const void *plan, const vela_image_data *src, const vela_image_data *dst, bool neon,
                            int32_t y0, int32_t y1)
{
#if VELA_HAVE_NEON
    if (neon) return vl_pyr_down_neon(plan, src, dst, y0, y1);
#else
    (void)neon;
#endif
    return vl_pyr_down_ref(plan, src, dst, y0, y1);
}

static vela_status run_pyr_down(const vl_task_ctx *ctx)
{
    const vl_pyr_plan *plan = ctx->args;
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_pyr_down_cuda(plan, &ctx->data[0], &ctx->data[1], ctx->gpu_stream);
#endif
    vl_resample_on_cpu(ctx, pyr_rows, plan->format, plan->src_w, plan->src_h, plan->dst_w, plan->dst_h);
    return VELA_OK;
}

/* Per destination value: the horizontal pass of about 2.5 source rows (5 taps, shared by two
 * destination rows) and the vertical pass (5 taps), each tap a multiply-add. */
static vl_cost cost_of(const vl_pyr_plan *p)
{
    double values = (double)p->dst_w * p->dst_h * p->channels, ops = 2 * (2.5 * 5 + 5) + 1;
    vl_cost c = { .algorithm = "pyramid", .variant = (uint32_t)p->depth * 8 + (uint32_t)p->channels,
                  .work_items = (double)p->dst_w * p->dst_h,
                  .bytes_read = vl_format_bytes(p->format, p->src_w, p->src_h),
                  .bytes_written = vl_format_bytes(p->format, p->dst_w, p->dst_h) };
    if (p->depth == VL_DEPTH_F32) c.f32_ops = ops * values;
    else c.int_ops = ops * values;
    return c;
}

/* "pyramid WxH FORMAT": one pyrDown level, to ((w+1)/2, (h+1)/2) unless the size says otherwise. */
vela_status vl_pyramid_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    int32_t dw = stage->out_width, dh = stage->out_height;
    if (dw == stage->width && dh == stage->height) dw = (stage->width + 1) / 2, dh = (stage->height + 1) / 2;
    if (stage->src_format != stage->dst_format)
        return vl_fail(VELA_ERROR_PARSE, "line %d: pyramid keeps the format", stage->line);
    vl_pyr_plan plan = { 0 };  /* GCC 12 at -O3 cannot tell that a failed plan is never read */
    vela_status st = vl_pyr_plan_make(stage->src_format, stage->width, stage->height, dw, dh, NULL, &plan);
    if (st == VELA_OK) *cost = cost_of(&plan);
    return st;
}

vela_status vela_submit_pyr_down(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                 const vela_pyr_down_params *params)
{
    vela_status st = vl_resample_check_images(stream, src, dst, "pyr_down");
    if (st != VELA_OK) return st;
    vl_pyr_plan plan;
    st = vl_pyr_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), vl_image_width(dst),
                          vl_image_height(dst), params, &plan);
    if (st != VELA_OK) return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_pyr_down, &plan, sizeof plan);
}
