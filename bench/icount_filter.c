/* vela_icount's 8-bit filter cases: "gaussian [FORMAT] K" (U8 by default; RGB8, RGBA8) and "box K"
 * (U8), K x K, REPLICATE borders. */
#include <stdio.h>
#include <string.h>

#include "common/box_filter.h"
#include "common/gaussian_filter.h"
#include "icount.h"

/* "K" or "FORMAT K": the format (U8 when absent) and K; 0 when the words are neither. */
static int format_and_size(const char *args, vela_format *f, int *k)
{
    char name[16];
    *f = VELA_FORMAT_U8;
    if (sscanf(args, "%d", k) == 1) return 1;
    if (sscanf(args, "%15s %d", name, k) != 2) return 0;
    if (!strcmp(name, "RGB8")) *f = VELA_FORMAT_RGB8;
    else if (!strcmp(name, "RGBA8")) *f = VELA_FORMAT_RGBA8;
    else if (strcmp(name, "U8")) return 0;
    return 1;
}

int icount_gaussian(const char *args, int neon, int reps, int w, int h)
{
    vela_gaussian_filter_params p;
    vela_gaussian_filter_params_default(&p);
    vela_format f;
    if (!format_and_size(args, &f, &p.kernel_width)) return 2;
    p.kernel_height = p.kernel_width;
    p.border = VELA_BORDER_REPLICATE;
    vela_image_data s = icount_image(f, w, h), d = icount_image(f, w, h);
    vl_gaussian_plan plan;
    vela_status st = vl_gaussian_plan_make(f, w, h, &p, &plan);
    if (st == VELA_OK && !plan.integer) return 2;  /* the 8-bit fixed point kernels only */
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_gauss8_neon(&plan.q8, &s, &d, 0, h) : vl_gauss8_ref(&plan.q8, &s, &d, 0, h);
    return st == VELA_OK ? 0 : 1;
}

int icount_box(const char *args, int neon, int reps, int w, int h)
{
    vela_box_filter_params p = { 0, 0, VELA_BORDER_REPLICATE, 0.0f };
    if (sscanf(args, "%d", &p.kernel_width) != 1) return 2;
    p.kernel_height = p.kernel_width;
    vela_image_data s = icount_image(VELA_FORMAT_U8, w, h), d = icount_image(VELA_FORMAT_U8, w, h);
    vl_box_plan plan;
    vela_status st = vl_box_plan_make(VELA_FORMAT_U8, w, h, &p, &plan);
    if (st == VELA_OK && !plan.integer) return 2;
    for (int r = 0; r < reps && st == VELA_OK; r++)
        st = neon ? vl_box8_neon(&plan.b8, &s, &d, 0, h) : vl_box8_ref(&plan.b8, &s, &d, 0, h);
    return st == VELA_OK ? 0 : 1;
}
