/* Bench cases of vela_submit_convert_format: camera YUV to colour, colour orders, gray, depths. */
#include "bench.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

/* Designated, so fields added later keep their zero defaults (vela's defaults are 1 and 0 for
 * scale and offset, BT.601, range from the format). */
#define PARAMS(s) { .matrix = VELA_COLOR_BT601, .range = VELA_RANGE_AUTO, .scale = (s), .offset = 0.0f }
static const vela_convert_format_params defaults = PARAMS(1.0f);
static const vela_convert_format_params to_unit = PARAMS(1.0f / 255.0f);
static const vela_convert_format_params from_unit = PARAMS(255.0f);
static const vela_convert_format_params high_byte = PARAMS(1.0f / 256.0f);

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    return vela_submit_convert_format(stream, backend, io->in[0], io->out[0], c->params);
}

#if BENCH_HAVE_OPENCV
static int opencv_peer(const bench_case *c, const bench_io *io)
{
    return peer_opencv_convert_format(&io->in_data[0], &io->out_data[0], c->params);
}
#else
#define opencv_peer NULL
#endif

#if BENCH_HAVE_NPP
static int npp_peer(const bench_case *c, const bench_io *io, void *cuda_stream)
{
    return peer_npp_convert_format(&io->in_data[0], &io->out_data[0], c->params, cuda_stream);
}
#else
#define npp_peer NULL
#endif

#define CASE(name_, from, to, params_)                                                            \
    { .name = name_, .in = { VELA_FORMAT_##from }, .out = { VELA_FORMAT_##to }, .params = &params_, \
      .submit = submit, .opencv = opencv_peer, .npp = npp_peer }

static const bench_case cases[] = {
    CASE("NV12->RGB8", NV12, RGB8, defaults),
    CASE("NV12->BGRA8", NV12, BGRA8, defaults),
    CASE("YUYV->RGB8", YUYV, RGB8, defaults),
    CASE("UYVY->BGR8", UYVY, BGR8, defaults),
    CASE("I420->RGB8", I420, RGB8, defaults),
    CASE("RGB8->BGR8", RGB8, BGR8, defaults),
    CASE("RGB8->RGBA8", RGB8, RGBA8, defaults),
    CASE("BGR8->U8", BGR8, U8, defaults),
    CASE("U8->F32 x1/255", U8, F32, to_unit),
    CASE("F32->U8 x255", F32, U8, from_unit),
    CASE("U16->U8 x1/256", U16, U8, high_byte),
};

const bench_family bench_family_convert_format = { "convert_format", cases, sizeof cases / sizeof cases[0] };
