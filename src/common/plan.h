/* Internal: pipelines described in text, one stage a line, and their plan on a profile (vela-plan).
 *
 *   # comment
 *   convert_format   1280x720  YUYV->RGB8
 *   gaussian_filter  1280x720  U8  ksize=5
 *   rescale          1280x720->640x360  RGB8  interp=linear
 *
 * Each family gives the cost of a stage through vl_<algo>_stage_cost, listed in the registry that
 * the build generates from the families it compiles: a family without one does not link. */
#ifndef VL_PLAN_H
#define VL_PLAN_H

#include <stdint.h>
#include <stdio.h>
#include <vela/image.h>
#include <vela/sampling.h>
#include <vela/scheduler.h>

#include "common/cost.h"

#define VL_STAGE_MAX_PARAMS 8

typedef struct vl_stage {
    char algorithm[32];
    int32_t width, height;          /* of the input */
    int32_t out_width, out_height;  /* of the output: the input's unless the size says "->WxH" */
    vela_format src_format, dst_format;
    int num_params;
    char keys[VL_STAGE_MAX_PARAMS][24], values[VL_STAGE_MAX_PARAMS][40];
    int line;
} vl_stage;

/* The value of `key`, or NULL. */
const char *vl_stage_param(const vl_stage *stage, const char *key);
/* An integer parameter (default if absent); fails with VELA_ERROR_PARSE naming the line. */
vela_status vl_stage_int(const vl_stage *stage, const char *key, int32_t fallback, int32_t *value);

/* interp=nearest|linear|cubic|area (default if absent); fails with VELA_ERROR_PARSE naming the line. */
vela_status vl_stage_interp(const vl_stage *stage, vela_interp fallback, vela_interp *interp);

typedef vela_status (*vl_stage_cost_fn)(const vl_stage *stage, vl_cost *cost);

/* The family's stage-cost function, or NULL for an unknown algorithm. */
vl_stage_cost_fn vl_stage_cost_of(const char *algorithm);
/* Names of the registered families, for listing. */
int vl_registered_families(const char **names, int capacity);

/* Reads a pipeline file; `*stages` is malloc'd. Errors are VELA_ERROR_PARSE with the line. */
vela_status vl_pipeline_read(const char *path, vl_stage **stages, int *count);
/* Parses one line (already without comments); 0 stages for a blank line. */
vela_status vl_stage_parse(const char *text, int line, vl_stage *stage, int *parsed);

typedef struct vl_plan_row {
    double predicted_ms[2];  /* CPU, CUDA (< 0: no GPU in the profile), transfers included */
    int choice;              /* VL_CPU or VL_CUDA */
} vl_plan_row;

/* Plans the stages in order as AUTO would, the first input on the host and each later input
 * where the stage before left it. Returns the total per frame. */
vela_status vl_plan(const vl_stage *stages, int count, const vela_profile *profile, vl_plan_row *rows,
                    double *total_ms);

#endif
