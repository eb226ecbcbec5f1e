#include "common/resample.h"

#include "common/cpu_kernels.h"
#include "common/format.h"
#include "common/image.h"
#include "common/status.h"

vela_status vl_resample_check_format(vela_format f, const char *what)
{
    if (f == VELA_FORMAT_U8 || f == VELA_FORMAT_S16 || f == VELA_FORMAT_F32 || f == VELA_FORMAT_RGB8 ||
        f == VELA_FORMAT_BGR8 || f == VELA_FORMAT_RGBA8 || f == VELA_FORMAT_BGRA8)
        return VELA_OK;
    return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "%s takes U8, S16, F32, RGB8, BGR8, RGBA8 or BGRA8, not %s", what,
                   vela_format_name(f));
}

vela_status vl_resample_check_images(vela_stream *stream, vela_image *src, vela_image *dst, const char *what)
{
    if (!stream) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "stream is NULL");
    if (!src) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src is NULL");
    if (!dst) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "dst is NULL");
    if (src == dst)
        return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "src and dst are the same image: in-place %s is not supported", what);
    vela_format sf = vl_image_format(src), df = vl_image_format(dst);
    if (sf != df)
        return vl_fail(VELA_ERROR_INVALID_IMAGE_FORMAT, "src is %s but dst is %s: %s keeps the format",
                       vela_format_name(sf), vela_format_name(df), what);
    return VELA_OK;
}

typedef struct band_args {
    vl_resample_rows_fn rows;
    const void *plan;
    const vela_image_data *src, *dst;
    bool neon;
} band_args;

static void resample_band(const void *arg, int32_t y0, int32_t y1)
{
    const band_args *b = arg;
    b->rows(b->plan, b->src, b->dst, b->neon, y0, y1);
}

void vl_resample_on_cpu(const vl_task_ctx *ctx, vl_resample_rows_fn rows, vela_format format, int32_t src_w,
                        int32_t src_h, int32_t dst_w, int32_t dst_h)
{
    band_args b = { rows, ctx->args, &ctx->data[0], &ctx->data[1], false };
    /* A NEON kernel that declines says so on an empty band, before any row is written. */
    b.neon = vl_cpu_neon_enabled() && rows(b.plan, b.src, b.dst, true, 0, 0) == VELA_OK;
    /* A destination row reads about src_h / dst_h source rows. */
    double row_bytes = (vl_format_bytes(format, src_w, src_h) + vl_format_bytes(format, dst_w, dst_h)) / dst_h;
    vl_run_bands(ctx, dst_h, 1, row_bytes, resample_band, &b);
}
