#include "cuda_harness.h"

#include <cuda_runtime_api.h>

vela_image_data vt_device_alloc(vela_format format, int32_t width, int32_t height, const vela_image_data *host)
{
    vela_image_data d = { format, width, height, vela_format_num_planes(format), { { 0 } } };
    for (int p = 0; p < d.num_planes; p++) {
        int32_t rows, row_bytes;
        VT_OK(vela_format_plane_extent(format, width, height, p, NULL, &rows, &row_bytes));
        size_t pitch;
        ck_assert_int_eq(cudaMallocPitch(&d.planes[p].data, &pitch, (size_t)row_bytes, (size_t)rows), cudaSuccess);
        d.planes[p].pitch = (int32_t)pitch;
        if (host)
            ck_assert_int_eq(cudaMemcpy2D(d.planes[p].data, pitch, host->planes[p].data, (size_t)host->planes[p].pitch,
                                          (size_t)row_bytes, (size_t)rows, cudaMemcpyHostToDevice), cudaSuccess);
    }
    return d;
}

void vt_device_free(vela_image_data *d)
{
    for (int p = 0; p < d->num_planes; p++) cudaFree(d->planes[p].data);
    memset(d->planes, 0, sizeof d->planes);
}
