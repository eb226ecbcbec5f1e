/* Bench cases of vela_submit_warp_perspective: a camera-like view change (rotation by 5 degrees
 * about the centre, scale 1.05, a little perspective), border CONSTANT 0, against
 * cv::warpPerspective and nppiWarpPerspective_8u_C1R_Ctx / _C4R_Ctx with the same matrix. */
#include "bench.h"
#include "geometry_scenes.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

static vela_interp interp_of(const bench_case *c) { return *(const vela_interp *)c->params; }

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    int32_t w, h;
    vela_image_get_size(io->in[0], &w, &h);
    double m[9];
    bench_view_change(w, h, m);
    vela_matrix3 mat;
    for (int i = 0; i < 9; i++) mat.m[i / 3][i % 3] = m[i];
    return vela_submit_warp_perspective(stream, backend, io->in[0], io->out[0], &mat, interp_of(c), VELA_BORDER_CONSTANT,
                                        NULL);
}

#if BENCH_HAVE_OPENCV
static int opencv(const bench_case *c, const bench_io *io)
{
    double m[9];
    bench_view_change(io->in_data[0].width, io->in_data[0].height, m);
    return peer_opencv_warp_perspective(&io->in_data[0], &io->out_data[0], m, interp_of(c));
}
#else
#define opencv NULL
#endif

#if BENCH_HAVE_NPP
static int npp(const bench_case *c, const bench_io *io, void *cuda_stream)
{
    double m[9];
    bench_view_change(io->in_data[0].width, io->in_data[0].height, m);
    return peer_npp_warp_perspective(&io->in_data[0], &io->out_data[0], m, interp_of(c), cuda_stream);
}
#else
#define npp NULL
#endif

static const vela_interp nearest = VELA_INTERP_NEAREST, linear = VELA_INTERP_LINEAR, cubic = VELA_INTERP_CUBIC;

#define CASE(name, fmt, interp) { name, { VELA_FORMAT_##fmt }, { VELA_FORMAT_##fmt }, &interp, submit, opencv, npp, 0, 0 }

static const bench_case cases[] = {
    CASE("U8 linear", U8, linear),
    CASE("RGBA8 linear", RGBA8, linear),
    CASE("U8 nearest", U8, nearest),
    CASE("U8 cubic", U8, cubic),
    CASE("NV12 linear", NV12, linear),
};

const bench_family bench_family_warp = { "warp", cases, sizeof cases / sizeof cases[0] };
