#include "common/rescale.h"
#include "common/plan.h"

#include "common/cpu_kernels.h"
#include "common/image.h"
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

static int supported(vela_format f)
{
    return f == VELA_FORMAT_U8 || f == VELA_FORMAT_S16 || f == VELA_FORMAT_F32 || f == VELA_FORMAT_RGB8 ||
           f == VELA_FORMAT_BGR8 || f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8;
}

vela_status vl_rescale_plan_make(vela_format format, int32_t src_w, int32_t src_h, int32_t dst_w, int32_t dst_h,
                                 const vela_rescale_params *params, vl_rescale_plan *plan)
{
    vela_rescale_params defaults;
    vela_rescale_params_default(&defaults);
    const vela_rescale_params *p = params ? params : &defaults;
    if (!supported(format))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT,
                       "rescale takes U8, S16, F32, RGB8, BGR8, RGBA8 or BGRA8, not %s", vela_format_name(format));
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

typedef struct band_args {
    const vl_rescale_plan *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void rescale_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_rescale_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_rescale_ref(b->plan, b->src, b->dst, y0, y1);
}

static vela_status run_rescale(const vl_task_ctx *ctx)
{
    const vl_rescale_plan *plan = ctx->args;
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_rescale_cuda(plan, src, dst, ctx->gpu_stream);
#endif
    band_args b = { plan, src, dst, false };
#if VELA_HAVE_NEON
    b.neon = vl_cpu_neon_enabled() && vl_rescale_neon(plan, src, dst, 0, 0) == VELA_OK;
#endif
    /* A destination row reads about scale_y source rows. */
    double row_bytes = (vl_format_bytes(plan->format, plan->src_w, plan->src_h) +
                        vl_format_bytes(plan->format, plan->dst_w, plan->dst_h)) / plan->dst_h;
    vl_run_bands(ctx, plan->dst_h, 1, row_bytes, rescale_band, &b);
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
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src and dst are the same image: in-place rescale is not supported");
    vela_format sf = vl_image_format(src), df = vl_image_format(dst);
    if (sf != df)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "src is %s but dst is %s: rescale keeps the format",
                       vela_format_name(sf), vela_format_name(df));
    vl_rescale_plan plan;
    vela_status st = vl_rescale_plan_make(sf, vl_image_width(src), vl_image_height(src), vl_image_width(dst),
                                          vl_image_height(dst), params, &plan);
    if (st != VELA_OK) return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_rescale, &plan, sizeof plan);
}
