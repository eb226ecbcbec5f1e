/* Bench cases of the linear filters: box, Gaussian, 2D and separable convolution, with
 * cv::blur / cv::GaussianBlur / cv::filter2D / cv::sepFilter2D on the CPU and NPP's
 * nppiFilterBoxBorder / nppiFilterGaussBorder / nppiFilterBorder / nppiFilterRowBorder +
 * nppiFilterColumnBorder on the GPU, every side with REPLICATE borders. */
#include "bench.h"

#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

typedef enum filter_kind { BOX, GAUSSIAN, CONV2D, SEPCONV } filter_kind;

typedef struct filter_params {
    filter_kind kind;
    int kw, kh;
    const float *k, *kx, *ky;  /* convolutions */
} filter_params;

/* A sharpening 5x5 and an 11x11 smoothing weight pattern; their values do not change the time. */
static const float sharpen5[25] = { 0, 0, -0.0625f, 0, 0, 0, -0.0625f, -0.125f, -0.0625f, 0, -0.0625f, -0.125f, 2.0f,
                                    -0.125f, -0.0625f, 0, -0.0625f, -0.125f, -0.0625f, 0, 0, 0, -0.0625f, 0, 0 };
static float smooth11[121];
static const float row5[5] = { -0.1f, 0.25f, 0.7f, 0.25f, -0.1f };
static const float col5[5] = { 0.05f, 0.25f, 0.4f, 0.25f, 0.05f };

static const float *smooth11_weights(void)
{
    if (smooth11[0] == 0.0f)
        for (int i = 0; i < 121; i++) smooth11[i] = 1.0f / 121.0f;
    return smooth11;
}

static vela_status submit(const bench_case *c, vela_stream *stream, vela_backend backend, const bench_io *io)
{
    const filter_params *p = c->params;
    switch (p->kind) {
    case BOX: {
        vela_box_filter_params bp = { p->kw, p->kh, VELA_BORDER_REPLICATE, 0.0f };
        return vela_submit_box_filter(stream, backend, io->in[0], io->out[0], &bp);
    }
    case GAUSSIAN: {
        vela_gaussian_filter_params gp;
        vela_gaussian_filter_params_default(&gp);
        gp.kernel_width = p->kw;
        gp.kernel_height = p->kh;
        gp.border = VELA_BORDER_REPLICATE;
        return vela_submit_gaussian_filter(stream, backend, io->in[0], io->out[0], &gp);
    }
    case CONV2D: {
        vela_convolution_params cp = { VELA_BORDER_REPLICATE, 0.0f };
        const float *k = p->k ? p->k : smooth11_weights();
        return vela_submit_convolution(stream, backend, io->in[0], io->out[0], k, p->kw, p->kh, &cp);
    }
    default: {
        vela_convolution_params cp = { VELA_BORDER_REPLICATE, 0.0f };
        return vela_submit_separable_convolution(stream, backend, io->in[0], io->out[0], p->kx, p->kw, p->ky, p->kh, &cp);
    }
    }
}

#if BENCH_HAVE_OPENCV
static int opencv(const bench_case *c, const bench_io *io)
{
    const filter_params *p = c->params;
    const vela_image_data *s = &io->in_data[0], *d = &io->out_data[0];
    switch (p->kind) {
    case BOX: return peer_opencv_box_filter(s, d, p->kw, p->kh);
    case GAUSSIAN: return peer_opencv_gaussian_filter(s, d, p->kw, p->kh);
    case CONV2D: return peer_opencv_convolution(s, d, p->k ? p->k : smooth11_weights(), p->kw, p->kh);
    default: return peer_opencv_separable_convolution(s, d, p->kx, p->kw, p->ky, p->kh);
    }
}
#else
#define opencv NULL
#endif

#if BENCH_HAVE_NPP
static int npp(const bench_case *c, const bench_io *io, void *cuda_stream)
{
    const filter_params *p = c->params;
    const vela_image_data *s = &io->in_data[0], *d = &io->out_data[0];
    switch (p->kind) {
    case BOX: return peer_npp_box_filter(s, d, p->kw, p->kh, cuda_stream);
    case GAUSSIAN: return peer_npp_gaussian_filter(s, d, p->kw, p->kh, cuda_stream);
    case CONV2D: return peer_npp_convolution(s, d, p->k ? p->k : smooth11_weights(), p->kw, p->kh, cuda_stream);
    default: return peer_npp_separable_convolution(s, d, p->kx, p->kw, p->ky, p->kh, cuda_stream);
    }
}
#else
#define npp NULL
#endif

static const filter_params box5 = { BOX, 5, 5, NULL, NULL, NULL };
static const filter_params gauss5 = { GAUSSIAN, 5, 5, NULL, NULL, NULL };
static const filter_params gauss3 = { GAUSSIAN, 3, 3, NULL, NULL, NULL };
static const filter_params conv5 = { CONV2D, 5, 5, sharpen5, NULL, NULL };
static const filter_params conv11 = { CONV2D, 11, 11, NULL, NULL, NULL };
static const filter_params sep5 = { SEPCONV, 5, 5, NULL, row5, col5 };

#define CASE(name, format, params) { name, { VELA_FORMAT_##format }, { VELA_FORMAT_##format }, &params, submit, opencv, npp, 0, 0 }

static const bench_case cases[] = {
    CASE("Gaussian 5x5 U8", U8, gauss5),
    CASE("box 5x5 U8", U8, box5),
    CASE("Gaussian 3x3 U8", U8, gauss3),
    CASE("Gaussian 5x5 RGBA8", RGBA8, gauss5),
    CASE("box 5x5 RGB8", RGB8, box5),
    CASE("Gaussian 5x5 F32", F32, gauss5),
    CASE("convolution 5x5 U8", U8, conv5),
    CASE("convolution 11x11 F32", F32, conv11),
    CASE("separable 5x5 U8", U8, sep5),
    CASE("separable 5x5 F32", F32, sep5),
};

const bench_family bench_family_filter = { "filter", cases, sizeof cases / sizeof cases[0] };
