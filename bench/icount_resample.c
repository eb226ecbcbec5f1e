/* vela_icount's rescale and pyramid cases. */
#include <stdio.h>
#include <string.h>

#include "common/pyramid.h"
#include "common/rescale.h"
#include "icount.h"

static vela_format format_of(const char *s)
{
    static const struct { const char *name; vela_format f; } t[] = {
        { "U8", VELA_FORMAT_U8 }, { "RGB8", VELA_FORMAT_RGB8 }, { "RGBA8", VELA_FORMAT_RGBA8 },
        { "S16", VELA_FORMAT_S16 }, { "F32", VELA_FORMAT_F32 } };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].name)) return t[i].f;
    return VELA_FORMAT_INVALID;
}

int icount_pyramid(const char *args, int neon, int reps, int w, int h)
{
    vela_format f = format_of(args);
    if (f == VELA_FORMAT_INVALID) return 2;
    vela_image_data src = icount_image(f, w, h), dst = icount_image(f, (w + 1) / 2, (h + 1) / 2);
    vl_pyr_plan plan;
    if (vl_pyr_plan_make(f, w, h, dst.width, dst.height, NULL, &plan)) return 1;
    for (int r = 0; r < reps; r++)
        neon ? vl_pyr_down_neon(&plan, &src, &dst, 0, dst.height) : vl_pyr_down_ref(&plan, &src, &dst, 0, dst.height);
    return 0;
}

int icount_rescale(const char *args, int neon, int reps, int w, int h)
{
    char fmt[16], interp[16], ratio[16];
    if (sscanf(args, "%15s %15s %15s", fmt, interp, ratio) != 3) return 2;
    vela_format f = format_of(fmt);
    if (f == VELA_FORMAT_INVALID) return 2;
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    p.interp = !strcmp(interp, "nearest") ? VELA_INTERP_NEAREST : !strcmp(interp, "cubic") ? VELA_INTERP_CUBIC
               : !strcmp(interp, "area") ? VELA_INTERP_AREA : VELA_INTERP_LINEAR;
    int dw = !strcmp(ratio, "x2") ? 2 * w : !strcmp(ratio, "1/4") ? w / 4 : w / 2;
    int dh = !strcmp(ratio, "x2") ? 2 * h : !strcmp(ratio, "1/4") ? h / 4 : h / 2;
    vela_image_data src = icount_image(f, w, h), dst = icount_image(f, dw, dh);
    vl_rescale_plan plan;
    if (vl_rescale_plan_make(f, w, h, dw, dh, &p, &plan)) return 1;
    if (neon && vl_rescale_neon(&plan, &src, &dst, 0, 0) != VELA_OK) return fprintf(stderr, "NEON declines\n"), 1;
    for (int r = 0; r < reps; r++)
        neon ? vl_rescale_neon(&plan, &src, &dst, 0, dh) : vl_rescale_ref(&plan, &src, &dst, 0, dh);
    return 0;
}
