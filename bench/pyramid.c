/* Bench cases of vela_submit_pyr_down: one Gaussian pyramid level on U8, RGBA8, S16 and F32;
 * peer cv::pyrDown (NPP has no exact equivalent). */
#include "bench.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif

static const vela_pyr_down_params reflect_101 = { VELA_BORDER_REFLECT_101 };

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    return vela_submit_pyr_down(stream, backend, io->in[0], io->out[0], c->params);
}

#if BENCH_HAVE_OPENCV
static int opencv_peer(const bench_case *c, const bench_io *io)
{
    return peer_opencv_pyr_down(&io->in_data[0], &io->out_data[0], c->params);
}
#else
#define opencv_peer NULL
#endif

#define CASE(fmt)                                                                                     \
    { .name = #fmt " pyrDown", .in = { VELA_FORMAT_##fmt }, .out = { VELA_FORMAT_##fmt }, .params = &reflect_101, \
      .submit = submit, .opencv = opencv_peer, .out_scale_num = 1, .out_scale_den = 2 }

static const bench_case cases[] = { CASE(U8), CASE(RGBA8), CASE(S16), CASE(F32) };

const bench_family bench_family_pyramid = { "pyramid", cases, sizeof cases / sizeof cases[0] };
