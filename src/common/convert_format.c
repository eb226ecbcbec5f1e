#include "common/convert_format.h"

#include "common/cpu_kernels.h"
#include "common/image.h"
#include "common/plan.h"
#include "common/status.h"
#include "common/stream.h"

#include <math.h>
#include <string.h>

void vela_convert_format_params_default(vela_convert_format_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->matrix = VELA_COLOR_BT601;
    p->range = VELA_RANGE_AUTO;
    p->scale = 1.0f;
    p->offset = 0.0f;
}

static vl_yuv_coeffs yuv_coeffs(vela_color_matrix matrix, int full_range)
{
    if (matrix == VELA_COLOR_BT601 && !full_range)  /* OpenCV's constants, for bit-exact parity */
        return (vl_yuv_coeffs){ 16, 1220542, 1673527, -409993, -852492, 2116026 };
    double kr = matrix == VELA_COLOR_BT601 ? 0.299 : 0.2126;
    double kb = matrix == VELA_COLOR_BT601 ? 0.114 : 0.0722;
    double kg = 1.0 - kr - kb;
    double y_scale = full_range ? 1.0 : 255.0 / 219.0, c_scale = full_range ? 1.0 : 255.0 / 224.0;
    double q = 1 << VL_YUV_SHIFT;
    return (vl_yuv_coeffs){
        full_range ? 0 : 16,
        (int32_t)lround(y_scale * q),
        (int32_t)lround(2 * (1 - kr) * c_scale * q),
        (int32_t)-lround(2 * kb * (1 - kb) / kg * c_scale * q),
        (int32_t)-lround(2 * kr * (1 - kr) / kg * c_scale * q),
        (int32_t)lround(2 * (1 - kb) * c_scale * q),
    };
}

static int is_rgb(vela_format f)
{
    return f == VELA_FORMAT_RGB8 || f == VELA_FORMAT_BGR8 || f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8;
}

static int is_depth(vela_format f)
{
    return f == VELA_FORMAT_U8 || f == VELA_FORMAT_S16 || f == VELA_FORMAT_U16 || f == VELA_FORMAT_F16 ||
           f == VELA_FORMAT_F32;
}

static int is_yuv_source(vela_format f)
{
    return f == VELA_FORMAT_NV12 || f == VELA_FORMAT_NV12_ER || f == VELA_FORMAT_I420 ||
           f == VELA_FORMAT_YUYV || f == VELA_FORMAT_UYVY;
}

static int red_index(vela_format f) { return f == VELA_FORMAT_BGR8 || f == VELA_FORMAT_BGRA8 ? 2 : 0; }
static int channels(vela_format f) { return f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8 ? 4 : 3; }

vela_status vl_convert_plan_make(vela_format src, vela_format dst, int32_t width, int32_t height,
                                 const vela_convert_format_params *params, vl_convert_plan *plan)
{
    vela_convert_format_params defaults;
    vela_convert_format_params_default(&defaults);
    const vela_convert_format_params *p = params ? params : &defaults;
    if (!vl_format_info_of(src))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "src format %d is not a vela_format", (int)src);
    if (!vl_format_info_of(dst))
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "dst format %d is not a vela_format", (int)dst);
    if (p->matrix != VELA_COLOR_BT601 && p->matrix != VELA_COLOR_BT709)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->matrix %d is not BT601 or BT709", (int)p->matrix);
    if (p->range != VELA_RANGE_AUTO && p->range != VELA_RANGE_LIMITED && p->range != VELA_RANGE_FULL)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->range %d is not AUTO, LIMITED or FULL", (int)p->range);
    if (!isfinite(p->scale) || !isfinite(p->offset))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->scale %g and params->offset %g must be finite",
                       (double)p->scale, (double)p->offset);

    memset(plan, 0, sizeof *plan);
    plan->src_format = src;
    plan->dst_format = dst;
    plan->width = width;
    plan->height = height;
    if (is_yuv_source(src) && is_rgb(dst)) plan->kind = VL_CONVERT_YUV_TO_RGB;
    else if (is_yuv_source(src) && dst == VELA_FORMAT_U8) plan->kind = VL_CONVERT_YUV_TO_GRAY;
    else if (is_rgb(src) && is_rgb(dst)) plan->kind = VL_CONVERT_RGB_TO_RGB;
    else if (is_rgb(src) && dst == VELA_FORMAT_U8) plan->kind = VL_CONVERT_RGB_TO_GRAY;
    else if (src == VELA_FORMAT_U8 && is_rgb(dst)) plan->kind = VL_CONVERT_GRAY_TO_RGB;
    else if (is_depth(src) && is_depth(dst)) plan->kind = VL_CONVERT_DEPTH;
    else
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "converting %s (src) to %s (dst) is not supported",
                       vela_format_name(src), vela_format_name(dst));

    if (plan->kind != VL_CONVERT_DEPTH && (p->scale != 1.0f || p->offset != 0.0f))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "params->scale %g and offset %g apply to bit-depth conversions only, not %s to %s",
                       (double)p->scale, (double)p->offset, vela_format_name(src), vela_format_name(dst));
    plan->scale = p->scale;
    plan->offset = p->offset;
    plan->src_depth = vl_format_info_of(src)->depth;
    plan->dst_depth = vl_format_info_of(dst)->depth;
    if (is_rgb(src)) {
        plan->src_channels = (uint8_t)channels(src);
        plan->src_red = (uint8_t)red_index(src);
    }
    if (is_rgb(dst)) {
        plan->dst_channels = (uint8_t)channels(dst);
        plan->dst_red = (uint8_t)red_index(dst);
    }
    int full = p->range == VELA_RANGE_FULL || (p->range == VELA_RANGE_AUTO && src == VELA_FORMAT_NV12_ER);
    plan->yuv = yuv_coeffs(p->matrix, full);
    if (p->matrix == VELA_COLOR_BT601) {
        plan->gray_r = 9798, plan->gray_g = 19235, plan->gray_b = 3735;  /* OpenCV's */
    } else {
        plan->gray_r = 6966, plan->gray_g = 23436, plan->gray_b = 2366;  /* 0.2126, 0.7152, 0.0722 */
    }
    return VELA_OK;
}

int32_t vl_convert_row_align(const vl_convert_plan *plan)
{
    const vl_format_info *info = vl_format_info_of(plan->src_format);
    return info->num_planes > 1 ? 2 : 1;
}

typedef struct band_args {
    const vl_convert_plan *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void convert_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_convert_format_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_convert_format_ref(b->plan, b->src, b->dst, y0, y1);
}

static vela_status run_convert(const vl_task_ctx *ctx)
{
    const vl_convert_plan *plan = ctx->args;
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_convert_format_cuda(plan, src, dst, ctx->gpu_stream);
#endif
    /* A NEON kernel that declines says so on an empty band, before any row is written. */
    band_args b = { plan, src, dst, false };
#if VELA_HAVE_NEON
    b.neon = vl_cpu_neon_enabled() && vl_convert_format_neon(plan, src, dst, 0, 0) == VELA_OK;
#endif
    double row_bytes = (vl_format_bytes(plan->src_format, plan->width, plan->height) +
                        vl_format_bytes(plan->dst_format, plan->width, plan->height)) / plan->height;
    vl_run_bands(ctx, plan->height, vl_convert_row_align(plan), row_bytes, convert_band, &b);
    return VELA_OK;
}

static vl_cost cost_of(const vl_convert_plan *plan)
{
    double pixels = (double)plan->width * plan->height;
    vl_cost c = { .algorithm = "convert_format", .variant = (uint32_t)plan->src_format * 64 + plan->dst_format,
                  .work_items = pixels,
                  .bytes_read = vl_format_bytes(plan->src_format, plan->width, plan->height),
                  .bytes_written = vl_format_bytes(plan->dst_format, plan->width, plan->height) };
    switch (plan->kind) {
    case VL_CONVERT_YUV_TO_RGB: c.int_ops = 14 * pixels; break;
    case VL_CONVERT_RGB_TO_GRAY: c.int_ops = 6 * pixels; break;
    case VL_CONVERT_DEPTH: c.f32_ops = 2 * pixels; c.int_ops = 3 * pixels; break;
    default: c.int_ops = pixels; break;
    }
    return c;
}

vela_status vl_convert_format_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vl_convert_plan plan;
    vela_status st = vl_convert_plan_make(stage->src_format, stage->dst_format, stage->width, stage->height, NULL, &plan);
    if (st == VELA_OK) *cost = cost_of(&plan);
    return st;
}

vela_status vela_submit_convert_format(vela_stream *stream, vela_backend backend, vela_image *src,
                                       vela_image *dst, const vela_convert_format_params *params)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src and dst are the same image: in-place conversion is not supported");
    int32_t w = vl_image_width(src), h = vl_image_height(src);
    if (vl_image_width(dst) != w || vl_image_height(dst) != h)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is %dx%d but src is %dx%d: sizes must match",
                       vl_image_width(dst), vl_image_height(dst), w, h);
    vl_convert_plan plan;
    vela_status st = vl_convert_plan_make(vl_image_format(src), vl_image_format(dst), w, h, params, &plan);
    if (st != VELA_OK) return st;
    vl_operand ops[2] = { { src, VL_READ, "src" }, { dst, VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_convert, &plan, sizeof plan);
}
