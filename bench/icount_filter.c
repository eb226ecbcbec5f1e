/* Instruction counts of the 8-bit filter kernels under qemu (shared/tools/arm-icount): calls a
 * kernel directly, one thread, no stream, on a 640x480 U8 image with REPLICATE borders, `reps`
 * times. Per call = (count(reps + k) - count(reps)) / k; per pixel = per call / 307200.
 *
 *   icount_filter gaussian|box|gaussian3|box3 ref|neon REPS
 *
 * Built with the aarch64 cross build (bench/README.md has the commands). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/box_filter.h"
#include "common/gaussian_filter.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: icount_filter gaussian|box|gaussian3|box3 ref|neon REPS\n");
        return 2;
    }
    const int32_t w = 640, h = 480, k = strstr(argv[1], "3") ? 3 : 5;
    const int neon = strcmp(argv[2], "neon") == 0, reps = atoi(argv[3]);
    uint8_t *src = malloc((size_t)w * h), *dst = malloc((size_t)w * h);
    for (int32_t i = 0; i < w * h; i++) src[i] = (uint8_t)(i * 2654435761u >> 24);
    vela_image_data s = { VELA_FORMAT_U8, w, h, 1, { { src, w } } }, d = { VELA_FORMAT_U8, w, h, 1, { { dst, w } } };
    vela_status st = VELA_OK;
    if (strncmp(argv[1], "gaussian", 8) == 0) {
        vela_gaussian_filter_params p;
        vela_gaussian_filter_params_default(&p);
        p.kernel_width = p.kernel_height = k;
        p.border = VELA_BORDER_REPLICATE;
        vl_gaussian_plan plan;
        st = vl_gaussian_plan_make(VELA_FORMAT_U8, w, h, &p, &plan);
        for (int r = 0; r < reps && st == VELA_OK; r++)
            st = neon ? vl_gauss8_neon(&plan.q8, &s, &d, 0, h) : vl_gauss8_ref(&plan.q8, &s, &d, 0, h);
    } else {
        vela_box_filter_params p = { k, k, VELA_BORDER_REPLICATE, 0.0f };
        vl_box_plan plan;
        st = vl_box_plan_make(VELA_FORMAT_U8, w, h, &p, &plan);
        for (int r = 0; r < reps && st == VELA_OK; r++)
            st = neon ? vl_box8_neon(&plan.b8, &s, &d, 0, h) : vl_box8_ref(&plan.b8, &s, &d, 0, h);
    }
    printf("%s %s x%d: %s, checksum %u\n", argv[1], argv[2], reps, vela_status_name(st), (unsigned)dst[w * h / 2 + 7]);
    free(src);
    free(dst);
    return st == VELA_OK ? 0 : 1;
}
