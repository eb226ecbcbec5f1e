/* Bench cases of vela_submit_remap: lens undistortion of a wide-angle camera (the polynomial
 * model, k1 = -0.28, a dense map, made once per size as the payload is), border CONSTANT 0,
 * against cv::remap (with the map converted once to OpenCV's fixed-point maps, its own
 * precomputed form) and nppiRemap_8u_C1R_Ctx / _C4R_Ctx (with the float map on the device). */
#include "bench.h"
#include "geometry_scenes.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

/* The map and payload of the size being measured (the bench runs one size at a time). */
static struct {
    int32_t w, h;
    vela_warp_map map;
    vela_payload *payload;
} cur;

static int prepare(int32_t w, int32_t h)
{
    if (cur.payload && cur.w == w && cur.h == h) return 0;
    vela_payload_destroy(cur.payload);
    vela_warp_map_free(&cur.map);
    cur.payload = NULL;
    vela_status st;
    if ((st = bench_undistort_map(w, h, &cur.map)) != VELA_OK ||
        (st = vela_create_remap(0, &cur.map, &cur.payload)) != VELA_OK)
        return bench_fail("remap setup: %s: %s", vela_status_name(st), vela_last_error_message());
    cur.w = w;
    cur.h = h;
    return 0;
}

static vela_interp interp_of(const bench_case *c) { return *(const vela_interp *)c->params; }

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    int32_t w, h;
    vela_image_get_size(io->out[0], &w, &h);
    if (prepare(w, h)) return VELA_ERROR_INTERNAL;
    return vela_submit_remap(stream, backend, cur.payload, io->in[0], io->out[0], interp_of(c), VELA_BORDER_CONSTANT, NULL);
}

#if BENCH_HAVE_OPENCV
static int opencv(const bench_case *c, const bench_io *io)
{
    if (prepare(io->out_data[0].width, io->out_data[0].height)) return -1;
    return peer_opencv_remap(&io->in_data[0], &io->out_data[0], cur.map.points, cur.map.pitch, interp_of(c));
}
#else
#define opencv NULL
#endif

#if BENCH_HAVE_NPP
static int npp(const bench_case *c, const bench_io *io, void *cuda_stream)
{
    if (prepare(io->out_data[0].width, io->out_data[0].height)) return -1;
    return peer_npp_remap(&io->in_data[0], &io->out_data[0], cur.map.points, cur.map.pitch, interp_of(c), cuda_stream);
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

const bench_family bench_family_remap = { "remap", cases, sizeof cases / sizeof cases[0] };
