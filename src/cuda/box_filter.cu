/* The box filter on 8-bit channels on CUDA: byte-identical with src/cpu/box_filter_ref.c.
 * Square 3x3, 5x5 and 7x7 boxes on 16-byte aligned rows take the fast 8-bit kernel of
 * filter_common.cuh; every other box the shared-memory tiles. */
#include "cuda/filter_common.cuh"

extern "C" {
#include "common/box_filter.h"
}

namespace {

using namespace vl_filter;

/* The reference's division of a sum (vl_box8_divide). */
struct BoxFinish {
    uint32_t delta, scale;
    float inv_area;
    int large;  /* area > 256 */
    __device__ uint32_t operator()(uint32_t sum) const
    {
        if (large) return (uint32_t)round_saturate(__fmul_rn((float)sum, inv_area), 0.0f, 255.0f);
        const uint32_t q = (uint32_t)(((unsigned long long)(sum + delta) * scale) >> VL_BOX_SHIFT);
        return min(q, 255u);
    }
};

}  // namespace

extern "C" vela_status vl_box8_cuda(const vl_box8_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                    void *gpu_stream)
{
    const vl_filter_shape &s = p->s;
    if (s.width <= 0 || s.height <= 0) return VELA_OK;
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    bool fast = false;
    if (s.kw == s.kh && fast_aligned(src, dst)) {
        FastJob j = fast_job(s, src, dst);
        j.delta2 = p->div_delta | p->div_delta << 16;
        j.mul = p->div_scale << 9;  /* (x * scale) >> 23 == (x * (scale << 9)) >> 32; scale < 2^23 */
        fast = launch_fast_any<FAST_BOX>(s.kw, s.channels, j, stream);
    }
    if (!fast) {
        Int8Policy<BoxFinish> policy;
        policy.value = (uint8_t)s.value;
        for (int i = 0; i < VELA_FILTER_MAX_KERNEL; i++) policy.kx[i] = policy.ky[i] = 1;
        policy.finish = BoxFinish{ p->div_delta, p->div_scale, p->inv_area, s.kw * s.kh > 256 };
        launch_tile(s, src, dst, policy, stream);
    }
    return vl_gpu_check_launch("box filter kernel");
}
