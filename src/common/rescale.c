#include "common/rescale.h"
#include "common/plan.h"

#include "common/image.h"
#include "common/resample.h"
#include "common/status.h"
#include "common/stream.h"

#include <float.h>
#include <string.h>

void vela_rescale_params_default(vela_rescale_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->interp = VELA_INTERP_LINEAR;
}

vela_status vl_rescale_plan_make(vela_format format, int32_t src_w, int32_t src_h, int32_t dst_w, int32_t dst_h,
                                 const vela_rescale_params *params, vl_rescale_plan *plan)
{
    vela_rescale_params defaults;
    vela_rescale_params_default(&defaults);
    const vela_rescale_params *p = params ? params : &defaults;
    vela_status st = vl_resample_check_format(format, "rescale");
    if (st != VELA_OK) return st;
    if (p->interp != VELA_INTERP_NEAREST && p->interp != VELA_INTERP_LINEAR && p->interp != VELA_INTERP_CUBIC &&
        p->interp != VELA_INTERP_AREA)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->interp %d is not NEAREST, LINEAR, CUBIC or AREA",
                       (int)p->interp);

    if (src_w <= 0 || src_h <= 0 || dst_w <= 0 || dst_h <= 0)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "rescaling %dx%d to %dx%d: sizes must be > 0", src_w, src_h,
                       dst_w, dst_h);

    const vl_format_info *info = vl_format_info_of(format);
    memset(plan, 0, sizeof *plan);
    plan->format = format;
    plan->depth = info->depth;
    plan->channels = info->channels;
    plan->src_w = src_w, plan->src_h = src_h, plan->dst_w = dst_w, plan->dst_h = dst_h;
    /* cv::resize's arithmetic, kept as it is: the ratios it tests for integers come from these. */
    plan->inv_x = (double)dst_w / src_w;
    plan->inv_y = (double)dst_h / src_h;
    plan->scale_x = 1. / plan->inv_x;
    plan->scale_y = 1. / plan->inv_y;
    int32_t kx = (int32_t)lrint(plan->scale_x), ky = (int32_t)lrint(plan->scale_y);
    int integer = fabs(plan->scale_x - kx) < DBL_EPSILON && fabs(plan->scale_y - ky) < DBL_EPSILON &&
                  src_w == kx * dst_w && src_h == ky * dst_h;

    vela_interp interp = p->interp;
    if (src_w == dst_w && src_h == dst_h) {
        plan->kind = VL_RESCALE_COPY;
        return VELA_OK;
    }
    if (interp == VELA_INTERP_NEAREST) {
        plan->kind = VL_RESCALE_NEAREST;
        return VELA_OK;
    }
    if (interp == VELA_INTERP_LINEAR && integer && kx == 2 && ky == 2) interp = VELA_INTERP_AREA;
    if (interp == VELA_INTERP_AREA && plan->scale_x >= 1 && plan->scale_y >= 1) {
        plan->kind = integer ? VL_RESCALE_AREA_FAST : VL_RESCALE_AREA;
        plan->kx = kx, plan->ky = ky;
        return VELA_OK;
    }
    plan->kind = VL_RESCALE_SEPARABLE;
    plan->rule = interp == VELA_INTERP_CUBIC ? VL_RULE_CUBIC : interp == VELA_INTERP_AREA ? VL_RULE_AREA : VL_RULE_LINEAR;
    plan->ksize = interp == VELA_INTERP_CUBIC ? 4 : 2;
    return VELA_OK;
}

static vela_status rescale_rows(const void *plan, const vela_image_data *src, const vela_image_data *dst, bool neon,
                                int32_t y0, int32_t y1)
{
#if VELA_HAVE_NEON
    if (neon) return vl_rescale_neon(plan, src, dst, y0, y1);
#else
    (void)neon;
#endif
    return vl_rescale_ref(plan, src, dst, y0, y1);
}

static vela_status run_rescale(const vl_task_ctx *ctx)
{
    const vl_rescale_plan *plan = ctx->args;
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_rescale_cuda(plan, &ctx->data[0], &ctx->data[1], ctx->gpu_stream);
#endif
    vl_resample_on_cpu(ctx, rescale_rows, plan->format, plan->src_w, plan->src_h, plan->dst_w, plan->dst_h);
    return VELA_OK;
}

/* Operations per destination value by kind, as the kernels do them: taps of the horizontal pass
 * (shared by about ksize / scale_y destination rows when enlarging) plus those of the vertical. */
static vl_cost cost_of(const vl_rescale_plan *p)
{
    double values = (double)p->dst_w * p->dst_h * p->channels;
    vl_cost c = { .algorithm = "rescale", .variant = (uint32_t)p->kind * 64 + (uint32_t)p->depth * 8 + (uint32_t)p->channels,
                  .work_items = (double)p->dst_w * p->dst_h,
                  .bytes_read = vl_format_bytes(p->format, p->src_w, p->src_h),
                  .bytes_written = vl_format_bytes(p->format, p->dst_w, p->dst_h) };
    double ops = 0;
    switch (p->kind) {
    case VL_RESCALE_COPY: case VL_RESCALE_NEAREST: ops = 1; break;
    case VL_RESCALE_AREA_FAST: ops = 2.0 * p->kx * p->ky; break;
    case VL_RESCALE_AREA: ops = 2.0 * (p->scale_x + 1) * (p->scale_y + 1) + 2; break;
    case VL_RESCALE_SEPARABLE: {
        double h_share = p->scale_y < 1 ? p->scale_y : 1;
        ops = 2.0 * p->ksize * (1 + (p->ksize * h_share)) + 2;
        break;
    }
    }
    if (p->depth == VL_DEPTH_U8 && p->kind != VL_RESCALE_AREA) c.int_ops = ops * values;
    else c.f32_ops = ops * values;
    return c;
}

/* "rescale WxH->WxH FORMAT [interp=nearest|linear|cubic|area]" */
vela_status vl_rescale_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vela_rescale_params params;
    vela_rescale_params_default(&params);
    vela_status st = vl_stage_interp(stage, params.interp, &params.interp);
    if (st != VELA_OK) return st;
    if (stage->src_format != stage->dst_format)
        return vl_fail(VELA_ERROR_PARSE, "line %d: rescale keeps the format", stage->line);
    vl_rescale_plan plan;
    st = vl_rescale_plan_make(stage->src_format, stage->width, stage->height, stage->out_width,
                                          stage->out_height, &params, &plan);
    if (st == VELA_OK) *cost = cost_of(&plan);
    return st;
}

vela_status vela_submit_rescale(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                const vela_rescale_params *params)
{
    vela_status st = vl_resample_check_images(stream, src, dst, "rescale");
    if (st != VELA_OK) return st;
    vl_rescale_plan plan;
    st = vl_rescale_plan_make(vl_image_format(src), vl_image_width(src), vl_image_height(src), vl_image_width(dst),
                              vl_image_height(dst), params, &plan);
    if (st != VELA_OK) return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_rescale, &plan, sizeof plan);
}
