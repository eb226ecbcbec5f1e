#include "common/scheduler.h"

#include "common/image.h"

/* Until the roofline model lands: stay where the inputs are. CUDA only when every input is
 * current on the device; otherwise the CPU, which needs no transfer for host data. */
vela_backend vl_schedule(vela_stream *stream, uint32_t allowed, const vl_operand *ops, int nops,
                         const vl_cost *cost)
{
    (void)stream;
    (void)cost;
    if (!(allowed & VELA_BACKEND_CPU)) return VELA_BACKEND_CUDA;
    if (!(allowed & VELA_BACKEND_CUDA)) return VELA_BACKEND_CPU;
    for (int i = 0; i < nops; i++)
        if ((ops[i].access & VL_READ) && !vl_image_current_on(ops[i].image, VELA_BACKEND_CUDA))
            return VELA_BACKEND_CPU;
    return VELA_BACKEND_CUDA;
}
