/* Bench cases of vela_submit_rescale: half, quarter and double size with each interpolation, on
 * U8 and RGBA8; peers cv::resize and nppiResize (new API, source and destination ROIs). */
#include "bench.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

static const vela_rescale_params nearest = { VELA_INTERP_NEAREST };
static const vela_rescale_params linear = { VELA_INTERP_LINEAR };
static const vela_rescale_params cubic = { VELA_INTERP_CUBIC };
static const vela_rescale_params area = { VELA_INTERP_AREA };

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    return vela_submit_rescale(stream, backend, io->in[0], io->out[0], c->params);
}

#if BENCH_HAVE_OPENCV
static int opencv_peer(const bench_case *c, const bench_io *io)
{
    return peer_opencv_rescale(&io->in_data[0], &io->out_data[0], c->params);
}
#else
#define opencv_peer NULL
#endif

#if BENCH_HAVE_NPP
static int npp_peer(const bench_case *c, const bench_io *io, void *cuda_stream)
{
    return peer_npp_rescale(&io->in_data[0], &io->out_data[0], c->params, cuda_stream);
}
#else
#define npp_peer NULL
#endif

#define CASE(fmt, interp, num, den, label)                                                                 \
    { .name = #fmt " " #interp " " label, .in = { VELA_FORMAT_##fmt }, .out = { VELA_FORMAT_##fmt },         \
      .params = &interp, .submit = submit, .opencv = opencv_peer, .npp = npp_peer, .out_scale_num = num, .out_scale_den = den }
#define RATIOS(fmt, interp) CASE(fmt, interp, 1, 2, "1/2"), CASE(fmt, interp, 1, 4, "1/4"), CASE(fmt, interp, 2, 1, "x2")

static const bench_case cases[] = {
    RATIOS(U8, linear),    RATIOS(U8, cubic),    RATIOS(U8, area),    RATIOS(U8, nearest),
    RATIOS(RGBA8, linear), RATIOS(RGBA8, cubic), RATIOS(RGBA8, area), RATIOS(RGBA8, nearest),
};

const bench_family bench_family_rescale = { "rescale", cases, sizeof cases / sizeof cases[0] };
