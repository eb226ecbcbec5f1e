/* vela_icount: one CPU kernel of vela, single-threaded, for instruction counts under qemu
 * (shared/tools/arm-icount). Built only when cross compiling for ARM64; see bench/README.md.
 *
 *   vela_icount neon|ref CASE REPS [WxH]
 *     CASE  "convert SRC DST"                (packed formats: YUYV RGB8, RGB8 U8, ...)
 *           "rescale FORMAT INTERP RATIO"  (INTERP nearest|linear|cubic|area, RATIO 1/2|1/4|x2)
 *           "pyramid FORMAT"
 *           "gaussian [FORMAT] K" | "box K" (U8 unless named; K x K, REPLICATE)
 *           "warp [F]" | "remap [F]"       (LINEAR, CONSTANT: bench/warp.c's and bench/remap.c's;
 *                                           F U8 (the default) or RGBA8)
 *           FORMAT U8|RGB8|RGBA8|S16|F32
 *     WxH   the source size, 640x480 by default
 *
 * Per call = (count with REPS = n + k - count with REPS = n) / k; per pixel: divide by the source
 * pixels, as OpenCV's counts in the tool's README are. */
#include "icount.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vela_image_data icount_image(vela_format f, int w, int h)
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
    static const struct { const char *name; icount_family_fn *run; } families[] = {
        { "convert", icount_convert }, { "rescale", icount_rescale }, { "pyramid", icount_pyramid }, { "gaussian", icount_gaussian },
        { "box", icount_box }, { "warp", icount_warp }, { "remap", icount_remap } };
    int w = 640, h = 480;
    if (argc < 4 || (argc > 4 && sscanf(argv[4], "%dx%d", &w, &h) != 2)) {
        fprintf(stderr, "usage: vela_icount neon|ref CASE REPS [WxH]\n");
        return 2;
    }
    const char *c = argv[2];
    size_t n = strcspn(c, " ");
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        if (strlen(families[i].name) != n || strncmp(c, families[i].name, n) != 0) continue;
        int rc = families[i].run(c + n + strspn(c + n, " "), !strcmp(argv[1], "neon"), atoi(argv[3]), w, h);
        if (rc == 2) fprintf(stderr, "vela_icount: bad case \"%s\"\n", c);
        return rc;
    }
    fprintf(stderr, "vela_icount: no family in \"%s\"\n", c);
    return 2;
}
