/* vela_icount: runs one CPU kernel of vela directly, single-threaded, so that an instruction
 * counter (qemu with shared/tools/arm-icount) can tell its instructions per pixel. Built only when
 * cross compiling; see bench/README.md.
 *
 *   vela_icount KERNEL CASE REPS [WxH]
 *     KERNEL  neon | ref
 *     CASE    "rescale FORMAT INTERP RATIO" (INTERP nearest|linear|cubic|area, RATIO 1/2|1/4|x2)
 *             or "pyramid FORMAT"; FORMAT U8|RGBA8|RGB8|S16|F32
 *     WxH     the source size, 640x480 by default
 *
 * Per call = (count with REPS = n + k - count with REPS = n) / k; per pixel: divide by the source
 * pixels, as OpenCV's counts in the tool's README are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/pyramid.h"
#include "common/rescale.h"

static vela_format format_of(const char *s)
{
    static const struct { const char *name; vela_format f; } t[] = {
        { "U8", VELA_FORMAT_U8 }, { "RGB8", VELA_FORMAT_RGB8 }, { "RGBA8", VELA_FORMAT_RGBA8 },
        { "S16", VELA_FORMAT_S16 }, { "F32", VELA_FORMAT_F32 } };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].name)) return t[i].f;
    return VELA_FORMAT_INVALID;
}

static vela_image_data image(vela_format f, int w, int h)
{
    int32_t row_bytes;
    vela_format_plane_extent(f, w, h, 0, NULL, NULL, &row_bytes);
    int32_t pitch = (row_bytes + 63) / 64 * 64;
    uint8_t *p = aligned_alloc(64, (size_t)pitch * h);
    for (size_t i = 0; i < (size_t)pitch * h; i++) p[i] = (uint8_t)(i * 7 + i / 61);
    if (f == VELA_FORMAT_F32)
        for (size_t i = 0; i < (size_t)pitch * h / 4; i++) ((float *)p)[i] = (float)(i % 251);
    vela_image_data d = { f, w, h, 1, { { p, pitch } } };
    return d;
}

int main(int argc, char **argv)
{
    int w = 640, h = 480;
    if (argc < 4 || (argc > 4 && sscanf(argv[4], "%dx%d", &w, &h) != 2)) {
        fprintf(stderr, "usage: vela_icount neon|ref CASE REPS [WxH]\n");
        return 2;
    }
    int neon = !strcmp(argv[1], "neon"), reps = atoi(argv[3]);
    char algo[16], fmt[16], interp[16], ratio[16];
    int n = sscanf(argv[2], "%15s %15s %15s %15s", algo, fmt, interp, ratio);
    vela_format f = n >= 2 ? format_of(fmt) : VELA_FORMAT_INVALID;
    if (f == VELA_FORMAT_INVALID) return fprintf(stderr, "vela_icount: bad case \"%s\"\n", argv[2]), 2;
    vela_image_data src = image(f, w, h);
    if (!strcmp(algo, "pyramid")) {
        vl_pyr_plan plan;
        vela_image_data dst = image(f, (w + 1) / 2, (h + 1) / 2);
        if (vl_pyr_plan_make(f, w, h, dst.width, dst.height, NULL, &plan)) return 1;
        for (int r = 0; r < reps; r++)
            neon ? vl_pyr_down_neon(&plan, &src, &dst, 0, dst.height) : vl_pyr_down_ref(&plan, &src, &dst, 0, dst.height);
        return 0;
    }
    if (n != 4) return fprintf(stderr, "vela_icount: bad case \"%s\"\n", argv[2]), 2;
    vela_rescale_params p;
    vela_rescale_params_default(&p);
    p.interp = !strcmp(interp, "nearest") ? VELA_INTERP_NEAREST : !strcmp(interp, "cubic") ? VELA_INTERP_CUBIC
               : !strcmp(interp, "area") ? VELA_INTERP_AREA : VELA_INTERP_LINEAR;
    int dw = !strcmp(ratio, "x2") ? 2 * w : !strcmp(ratio, "1/4") ? w / 4 : w / 2;
    int dh = !strcmp(ratio, "x2") ? 2 * h : !strcmp(ratio, "1/4") ? h / 4 : h / 2;
    vela_image_data dst = image(f, dw, dh);
    vl_rescale_plan plan;
    if (vl_rescale_plan_make(f, w, h, dw, dh, &p, &plan)) return 1;
    if (neon && vl_rescale_neon(&plan, &src, &dst, 0, 0) != VELA_OK) return fprintf(stderr, "NEON declines\n"), 1;
    for (int r = 0; r < reps; r++)
        neon ? vl_rescale_neon(&plan, &src, &dst, 0, dh) : vl_rescale_ref(&plan, &src, &dst, 0, dh);
    return 0;
}
