/* vela_icount's "convert SRC DST" cases between packed formats (YUYV RGB8, RGB8 U8, ...). */
#include <stdio.h>
#include <string.h>

#include "common/convert_format.h"
#include "icount.h"

static vela_format packed_format(const char *name)
{
    for (int f = VELA_FORMAT_INVALID + 1; f < VELA_FORMAT_COUNT; f++)
        if (!strcmp(vela_format_name((vela_format)f), name) && vela_format_num_planes((vela_format)f) == 1)
            return (vela_format)f;
    return VELA_FORMAT_INVALID;
}

int icount_convert(const char *args, int neon, int reps, int w, int h)
{
    char from[16], to[16];
    if (sscanf(args, "%15s %15s", from, to) != 2) return 2;
    vela_format f = packed_format(from), t = packed_format(to);
    if (f == VELA_FORMAT_INVALID || t == VELA_FORMAT_INVALID) return 2;
    vela_image_data src = icount_image(f, w, h), dst = icount_image(t, w, h);
    vl_convert_plan plan;
    if (vl_convert_plan_make(f, t, w, h, NULL, &plan) != VELA_OK) return 1;
    if (neon && vl_convert_format_neon(&plan, &src, &dst, 0, 0) != VELA_OK) return fprintf(stderr, "NEON declines\n"), 1;
    for (int r = 0; r < reps; r++)
        neon ? vl_convert_format_neon(&plan, &src, &dst, 0, h) : vl_convert_format_ref(&plan, &src, &dst, 0, h);
    return 0;
}
