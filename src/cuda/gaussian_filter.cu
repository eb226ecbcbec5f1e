/* The Gaussian filter on 8-bit channels on CUDA: OpenCV's fixed point, byte-identical with
 * src/cpu/gaussian_filter_ref.c. Square kernels with a 16-bit form (vl_gauss8_split: OpenCV's
 * binomial 3x3 and 5x5, the defaults) on 16-byte aligned rows take the fast 8-bit kernel of
 * filter_common.cuh; every other kernel the shared-memory tiles, in 32-bit integers. */
#include "cuda/filter_common.cuh"

extern "C" {
#include "common/gaussian_filter.h"
}

namespace {

using namespace vl_filter;

struct GaussFinish {
    __device__ uint32_t operator()(uint32_t v) const { return (v + (1u << 15)) >> 16; }
};

}  // namespace

extern "C" vela_status vl_gauss8_cuda(const vl_gauss8_plan *p, const vela_image_data *src, const vela_image_data *dst,
                                      void *gpu_stream)
{
    const vl_filter_shape &s = p->s;
    if (s.width <= 0 || s.height <= 0) return VELA_OK;
    cudaStream_t stream = static_cast<cudaStream_t>(gpu_stream);
    uint16_t kx[VELA_FILTER_MAX_KERNEL], ky[VELA_FILTER_MAX_KERNEL];
    const int shift = vl_gauss8_split(p, kx, ky);
    bool fast = false;
    if (shift >= 0 && s.kw == s.kh && fast_aligned(src, dst)) {
        FastJob j = fast_job(s, src, dst);
        for (int i = 0; i < s.kw && i < 8; i++) j.kx[i] = kx[i];
        for (int i = 0; i < s.kh && i < 8; i++) j.ky[i] = ky[i];
        j.shift = shift;
        j.round2 = shift > 0 ? (1u << (shift - 1)) * 0x10001u : 0;
        fast = launch_fast_any<FAST_GAUSS16>(s.kw, s.channels, j, stream);
    }
    if (!fast) {
        Int8Policy<GaussFinish> policy;
        policy.value = (uint8_t)s.value;
        for (int i = 0; i < VELA_FILTER_MAX_KERNEL; i++) {
            policy.kx[i] = i < s.kw ? p->kx[i] : 0;
            policy.ky[i] = i < s.kh ? p->ky[i] : 0;
        }
        launch_tile(s, src, dst, policy, stream);
    }
    return vl_gpu_check_launch("Gaussian filter kernel");
}
