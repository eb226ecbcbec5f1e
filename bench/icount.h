/* vela_icount's families: each runs one CPU kernel of its family directly on one thread, `reps`
 * times, so that an instruction counter (qemu with shared/tools/arm-icount) can tell its
 * instructions per pixel. */
#ifndef BENCH_ICOUNT_H
#define BENCH_ICOUNT_H

#include <vela/image.h>

/* Runs CASE (the words after the family's name) with the NEON kernel or the plain-C reference on
 * a w x h source. Returns 0, 1 when the kernel fails, 2 for a case it does not know. */
typedef int icount_family_fn(const char *args, int neon, int reps, int w, int h);

icount_family_fn icount_convert, icount_rescale, icount_pyramid, icount_gaussian, icount_box, icount_warp, icount_remap;

/* A w x h image of `format` with 64-byte aligned rows of deterministic contents; free its plane 0. */
vela_image_data icount_image(vela_format format, int w, int h);

#endif
