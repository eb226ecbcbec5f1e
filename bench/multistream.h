/* The multi-camera case: several streams at once, pinned to one backend or left to AUTO. */
#ifndef VELA_BENCH_MULTISTREAM_H
#define VELA_BENCH_MULTISTREAM_H

#include <stdio.h>
#include <vela/vela.h>

#define MULTISTREAM_MAX 16

/* Prints frames per second for CPU only, CUDA only and AUTO; -1 if a mode failed. */
int multistream_run(FILE *out, int streams, int frames);

#endif
