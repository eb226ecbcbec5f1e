/* Internal: what a submission costs, as the scheduler's roofline model sees it. */
#ifndef VL_COST_H
#define VL_COST_H

#include <stdint.h>

/* Operation counts by class, the bytes moved (each input read once, each output written once) and
 * the independent work items (pixels, tiles) for parallelism and wave quantisation. */
typedef struct vl_cost {
    const char *algorithm;  /* a string literal: the family's name */
    uint32_t variant;       /* what changes the kernel (formats, kernel size): learned apart */
    double int_ops, f32_ops, f16_ops, special_ops;
    double bytes_read, bytes_written;
    double work_items;
} vl_cost;

#endif
