/* Internal: the choice of backend for VELA_BACKEND_AUTO submissions. */
#ifndef VL_SCHEDULER_H
#define VL_SCHEDULER_H

#include <stdint.h>

#include "common/cost.h"
#include "common/stream.h"

/* Picks one backend of `allowed` (a non-empty mask) for a submission of `cost` on `operands`. */
vela_backend vl_schedule(vela_stream *stream, uint32_t allowed, const vl_operand *operands,
                         int num_operands, const vl_cost *cost);

#endif
