#include "common/warp_perspective.h"

#include "common/plan.h"
#include "common/cpu_kernels.h"
#include "common/image.h"
#include "common/status.h"
#include "common/stream.h"

#include <math.h>
#include <string.h>

void vela_warp_perspective_params_default(vela_warp_perspective_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
}

/* Beyond this a homography is numerically meaningless: its inverse has lost most of its digits.
 * Legitimate warps stay far below (a pure translation by t pixels has about t^2). */
#define MAX_CONDITION 1e12
/* Entries this large could overflow double in x m + y m, and non-zero ones this small could make
 * the denominator subnormal and a point NaN; no useful homography has either. */
#define MAX_ENTRY 1e150
#define MIN_ENTRY 1e-150

/* Computed matrices (an inverse, NV12's chroma matrix) lose entries below MIN_ENTRY: they move
 * no point by a measurable amount, and every backend then sees the same matrix. */
static void flush_tiny(double m[9])
{
    for (int i = 0; i < 9; i++)
        if (fabs(m[i]) < MIN_ENTRY) m[i] = 0;
}

static double frobenius(const double m[9])
{
    double s = 0;
    for (int i = 0; i < 9; i++) s += m[i] * m[i];
    return sqrt(s);
}

/* cv::invert(DECOMP_LU) of a 3x3 double matrix: the closed form through the determinant, with
 * OpenCV's operation order, so forward matrices give OpenCV's inverse to the last bit.
 * Returns the determinant (0: not inverted). */
static double invert3(const double s[9], double t[9])
{
#define S(i, j) s[(i) * 3 + (j)]
    double d = S(0, 0) * (S(1, 1) * S(2, 2) - S(1, 2) * S(2, 1)) - S(0, 1) * (S(1, 0) * S(2, 2) - S(1, 2) * S(2, 0)) +
               S(0, 2) * (S(1, 0) * S(2, 1) - S(1, 1) * S(2, 0));
    if (d == 0) return 0;
    double r = 1. / d;
    t[0] = (S(1, 1) * S(2, 2) - S(1, 2) * S(2, 1)) * r;
    t[1] = (S(0, 2) * S(2, 1) - S(0, 1) * S(2, 2)) * r;
    t[2] = (S(0, 1) * S(1, 2) - S(0, 2) * S(1, 1)) * r;
    t[3] = (S(1, 2) * S(2, 0) - S(1, 0) * S(2, 2)) * r;
    t[4] = (S(0, 0) * S(2, 2) - S(0, 2) * S(2, 0)) * r;
    t[5] = (S(0, 2) * S(1, 0) - S(0, 0) * S(1, 2)) * r;
    t[6] = (S(1, 0) * S(2, 1) - S(1, 1) * S(2, 0)) * r;
    t[7] = (S(0, 1) * S(2, 0) - S(0, 0) * S(2, 1)) * r;
    t[8] = (S(0, 0) * S(1, 1) - S(0, 1) * S(1, 0)) * r;
#undef S
    return d;
}

vela_status vl_homography_dst_to_src(const vela_matrix3 *matrix, uint32_t flags, const char *what, double m[9])
{
    double in[9], inv[9];
    for (int i = 0; i < 9; i++) {
        in[i] = matrix->m[i / 3][i % 3];
        if (!isfinite(in[i]) || fabs(in[i]) > MAX_ENTRY || (in[i] != 0 && fabs(in[i]) < MIN_ENTRY))
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                           "%s->m[%d][%d] is %g: entries must be finite, and 0 or between 1e-150 and 1e150 in magnitude",
                           what, i / 3, i % 3, in[i]);
    }
    double det = invert3(in, inv);
    double cond = det != 0 ? frobenius(in) * frobenius(inv) : INFINITY;
    if (!(cond <= MAX_CONDITION))
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT,
                       "%s is singular or nearly so (determinant %g, condition number %g > %g): not a homography",
                       what, det, cond, MAX_CONDITION);
    memcpy(m, (flags & VELA_WARP_INVERSE) ? in : inv, sizeof inv);
    flush_tiny(m);
    return VELA_OK;
}

static void mul3(const double a[9], const double b[9], double c[9])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
}

vela_status vl_warp_plan_make(vela_format format, int32_t sw, int32_t sh, int32_t dw, int32_t dh,
                              const vela_matrix3 *matrix, vela_interp interp, vela_border border,
                              const vela_warp_perspective_params *params, vl_warp_plan *plan)
{
    vela_warp_perspective_params defaults;
    vela_warp_perspective_params_default(&defaults);
    const vela_warp_perspective_params *p = params ? params : &defaults;
    if (!matrix) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "matrix is NULL");
    if (p->flags & ~VELA_WARP_INVERSE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "params->flags 0x%x has bits other than VELA_WARP_INVERSE", p->flags);
    vela_status st = vl_check_sampling(format, interp, border, p->border_value);
    if (st != VELA_OK) return st;
    if (sw > VL_SAMPLE_MAX_SIZE || sh > VL_SAMPLE_MAX_SIZE)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is %dx%d: warps read sources up to %dx%d", sw, sh,
                       VL_SAMPLE_MAX_SIZE, VL_SAMPLE_MAX_SIZE);
    memset(plan, 0, sizeof *plan);
    if ((st = vl_homography_dst_to_src(matrix, p->flags, "matrix", plan->plane[0].m)) != VELA_OK) return st;

    const vl_format_info *info = vl_format_info_of(format);
    plan->num_planes = info->num_planes;
    for (int i = 0; i < plan->num_planes; i++) {
        vl_warp_plane *wp = &plan->plane[i];
        if (i == 1) {
            /* Chroma sample (cx, cy) sits at luma (2 cx + 0.5, 2 cy + 0.5): to luma, warp, back. */
            static const double to_luma[9] = { 2, 0, 0.5, 0, 2, 0.5, 0, 0, 1 };
            static const double to_chroma[9] = { 0.5, 0, -0.25, 0, 0.5, -0.25, 0, 0, 1 };
            double t[9];
            mul3(plan->plane[0].m, to_luma, t);
            mul3(to_chroma, t, wp->m);
            flush_tiny(wp->m);
        }
        vl_plane_extent(info, dw, dh, i, &wp->width, &wp->height, NULL);
        wp->block = vl_warp_block_width(wp->width, wp->height);
        if ((st = vl_sampler_make(format, i, sw, sh, interp, border, p->border_value, &wp->sampler)) != VELA_OK)
            return st;
    }
    return VELA_OK;
}

typedef struct band_args {
    const vl_warp_plan *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void warp_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
#if VELA_HAVE_NEON
    if (b->neon) {
        vl_warp_perspective_neon(b->plan, b->src, b->dst, y0, y1);
        return;
    }
#endif
    vl_warp_perspective_ref(b->plan, b->src, b->dst, y0, y1);
}

static vela_status run_warp(const vl_task_ctx *ctx)
{
    const vl_warp_plan *plan = ctx->args;
    const vela_image_data *src = &ctx->data[0], *dst = &ctx->data[1];
#if VELA_HAVE_CUDA
    if (ctx->backend == VELA_BACKEND_CUDA) return vl_warp_perspective_cuda(plan, src, dst, ctx->gpu_stream);
#endif
    band_args b = { plan, src, dst, false };
#if VELA_HAVE_NEON
    b.neon = vl_cpu_neon_enabled() && vl_warp_perspective_neon(plan, src, dst, 0, 0) == VELA_OK;
#endif
    const vl_warp_plane *p0 = &plan->plane[0];
    /* A warped row reads about a row of the source and writes one, and costs far more than a
     * copy: count it as several so that bands start early. */
    double row_bytes = 8 * 2 * (double)p0->width * vl_sampler_pixel_bytes(&p0->sampler);
    vl_run_bands(ctx, p0->height, plan->num_planes > 1 ? 2 : 1, row_bytes, warp_band, &b);
    return VELA_OK;
}

static vl_cost cost_of(const vl_warp_plan *plan)
{
    vl_cost c = { .algorithm = "warp_perspective" };
    for (int i = 0; i < plan->num_planes; i++) {
        const vl_warp_plane *p = &plan->plane[i];
        double px = (double)p->width * p->height;
        vl_sampling_cost(&p->sampler, px, &c);
        c.f32_ops += 12 * px;   /* the homography, in double */
        c.special_ops += px;    /* its division */
    }
    return c;
}

/* "warp_perspective WxH[->WxH] FORMAT [interp=...]": a view change; the matrix hardly changes the cost. */
vela_status vl_warp_perspective_stage_cost(const vl_stage *stage, vl_cost *cost)
{
    vela_interp interp;
    vela_status st = vl_stage_interp(stage, VELA_INTERP_LINEAR, &interp);
    if (st != VELA_OK) return st;
    if (stage->src_format != stage->dst_format)
        return vl_fail(VELA_ERROR_PARSE, "line %d: warp_perspective keeps the format", stage->line);
    const vela_matrix3 identity = { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } } };
    vl_warp_plan plan;
    st = vl_warp_plan_make(stage->src_format, stage->width, stage->height, stage->out_width, stage->out_height,
                           &identity, interp, VELA_BORDER_CONSTANT, NULL, &plan);
    if (st == VELA_OK) *cost = cost_of(&plan);
    return st;
}

vela_status vela_submit_warp_perspective(vela_stream *stream, vela_backend backend, vela_image *src, vela_image *dst,
                                         const vela_matrix3 *matrix, vela_interp interp, vela_border border,
                                         const vela_warp_perspective_params *params)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src and dst are the same image: warping in place is not supported");
    vela_format f = vl_image_format(src);
    if (vl_image_format(dst) != f)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "dst is %s but src is %s: formats must match",
                       vela_format_name(vl_image_format(dst)), vela_format_name(f));
    vl_warp_plan plan;
    vela_status st = vl_warp_plan_make(f, vl_image_width(src), vl_image_height(src), vl_image_width(dst),
                                       vl_image_height(dst), matrix, interp, border, params, &plan);
    if (st != VELA_OK) return st;
    /* TRANSPARENT keeps some destination pixels: their old values must be current where it runs. */
    vl_operand ops[2] = { { src, VL_READ, "src" },
                          { dst, border == VELA_BORDER_TRANSPARENT ? VL_READ_WRITE : VL_WRITE, "dst" } };
    vl_cost cost = cost_of(&plan);
    return vl_submit(stream, backend, ops, 2, &cost, run_warp, &plan, sizeof plan);
}
