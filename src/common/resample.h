/* Internal: what rescale and pyramid levels share. Both resample an image into another size of the
 * same format, take the same formats, and run on the CPU as bands of destination rows; their plans,
 * kernels and costs stay in rescale.c and pyramid.c. */
#ifndef VL_RESAMPLE_H
#define VL_RESAMPLE_H

#include <stdbool.h>
#include <stdint.h>
#include <vela/image.h>
#include <vela/stream.h>

#include "common/stream.h"

/* Fails unless the resampling kernels take `format` (U8, S16, F32 and the 8-bit colour formats);
 * `what` names the operation in the message. */
vela_status vl_resample_check_format(vela_format format, const char *what);

/* Checks a submission's stream and images: not NULL, not the same image, the same format. */
vela_status vl_resample_check_images(vela_stream *stream, vela_image *src, vela_image *dst, const char *what);

/* A family's kernels behind one signature (they take typed plans): destination rows [y0, y1) of
 * `plan`, through NEON when `neon`, else through the reference. NEON may decline with
 * VELA_ERROR_NOT_IMPLEMENTED when asked with y0 == y1. */
typedef vela_status (*vl_resample_rows_fn)(const void *plan, const vela_image_data *src, const vela_image_data *dst,
                                           bool neon, int32_t y0, int32_t y1);

/* Runs a resampling task on the CPU: ctx->args is the plan of a src_w x src_h to dst_w x dst_h
 * resampling of `format`, ctx->data[0] and [1] its images. */
void vl_resample_on_cpu(const vl_task_ctx *ctx, vl_resample_rows_fn rows, vela_format format, int32_t src_w,
                        int32_t src_h, int32_t dst_w, int32_t dst_h);

#endif
