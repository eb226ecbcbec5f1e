/* AUTO on a machine with a GPU: the choice follows the data, several streams spread over both
 * backends, and the calibrated profile describes this GPU. Skipped (77) without a GPU. */
#include "harness.h"

#include "common/scheduler.h"

#include <stdio.h>
#include <string.h>
#include <vela/scheduler.h>

/* A machine whose CPU and GPU convert a 1280x720 frame in about the same time, so that the load of
 * the queues decides. */
static vela_profile balanced(void)
{
    vela_profile p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "test-balanced");
    p.cpu = (vela_cpu_profile){ 4, 10, 10, 100, 100, 50, 50, 50, 50, 5, 5, 0 };
    p.cuda = (vela_cuda_profile){ 1, 1, 8, 10, 100, 50, 100, 5, 0, 0, 0 };
    return p;
}

START_TEST(test_auto_spreads_streams_over_backends)
{
    vela_profile p = balanced();
    VT_OK(vela_scheduler_set_profile(&p));
    vela_scheduler_freeze(1);
    enum { STREAMS = 4, FRAMES = 6 };
    vela_stream *s[STREAMS];
    vela_image *in[STREAMS], *out[STREAMS];
    for (int i = 0; i < STREAMS; i++) {
        VT_OK(vela_stream_create(0, &s[i]));
        VT_OK(vela_image_create(1280, 720, VELA_FORMAT_RGBA8, 0, &in[i]));
        VT_OK(vela_image_create(1280, 720, VELA_FORMAT_U8, 0, &out[i]));
    }
    for (int f = 0; f < FRAMES; f++)
        for (int i = 0; i < STREAMS; i++) VT_OK(vela_submit_convert_format(s[i], VELA_BACKEND_AUTO, in[i], out[i], NULL));
    int used[2] = { 0, 0 };
    for (int i = 0; i < STREAMS; i++) {
        VT_OK(vela_stream_sync(s[i]));
        vela_decision d[FRAMES];
        int32_t n;
        VT_OK(vela_stream_get_decisions(s[i], d, FRAMES, &n));
        ck_assert_int_eq(n, FRAMES);
        for (int k = 0; k < n; k++) {
            used[d[k].chosen == VELA_BACKEND_CUDA]++;
            ck_assert(d[k].predicted_ms[0] > 0 && d[k].predicted_ms[1] > 0);
        }
    }
    ck_assert_msg(used[0] >= 4 && used[1] >= 4, "CPU %d, CUDA %d: the streams did not spread", used[0], used[1]);
    /* A stream pinned to the CPU stays there whatever the load. */
    vela_stream *pinned;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &pinned));
    for (int f = 0; f < 4; f++) VT_OK(vela_submit_convert_format(pinned, VELA_BACKEND_AUTO, in[0], out[0], NULL));
    VT_OK(vela_stream_sync(pinned));
    vela_decision d[4];
    int32_t n;
    VT_OK(vela_stream_get_decisions(pinned, d, 4, &n));
    for (int k = 0; k < n; k++) ck_assert_int_eq(d[k].chosen, VELA_BACKEND_CPU);
    vela_stream_destroy(pinned);
    for (int i = 0; i < STREAMS; i++) {
        vela_stream_destroy(s[i]);
        vela_image_destroy(in[i]);
        vela_image_destroy(out[i]);
    }
    vela_scheduler_freeze(0);
}
END_TEST

START_TEST(test_auto_follows_the_data_and_learns)
{
    vela_profile p;
    VT_OK(vela_profile_calibrate(&p));
    ck_assert(p.cuda.present && p.cuda.sm_count > 0 && p.cuda.bandwidth_gbs > 100);
    VT_OK(vela_scheduler_set_profile(&p));
    vela_stream *s;
    vela_image *small_in, *small_out, *big_in, *big_out;
    VT_OK(vela_stream_create(0, &s));
    VT_OK(vela_image_create(16, 16, VELA_FORMAT_RGB8, 0, &small_in));
    VT_OK(vela_image_create(16, 16, VELA_FORMAT_U8, 0, &small_out));
    VT_OK(vela_image_create(3840, 2160, VELA_FORMAT_NV12, 0, &big_in));
    VT_OK(vela_image_create(3840, 2160, VELA_FORMAT_RGBA8, 0, &big_out));
    vela_image_data d;
    VT_OK(vela_image_lock(big_in, VELA_LOCK_READ, VELA_BUFFER_CUDA, &d));  /* the frame is on the device */
    VT_OK(vela_image_unlock(big_in));
    for (int i = 0; i < 20; i++) {
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_AUTO, small_in, small_out, NULL));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_AUTO, big_in, big_out, NULL));
    }
    VT_OK(vela_stream_sync(s));
    vela_decision dec[40];
    int32_t n;
    VT_OK(vela_stream_get_decisions(s, dec, 40, &n));
    ck_assert_int_eq(n, 40);
    for (int k = 0; k < n; k += 2) ck_assert_int_eq(dec[k].chosen, VELA_BACKEND_CPU);       /* tiny: CPU */
    for (int k = 1; k < n; k += 2) ck_assert_int_eq(dec[k].chosen, VELA_BACKEND_CUDA);      /* 4K on the device */
    int measured = 0;
    for (int k = 0; k < n; k += 2) ck_assert_msg(dec[k].measured_ms > 0, "CPU decision %d was not measured", k);
    for (int k = 1; k < n; k += 2) measured += dec[k].measured_ms > 0;
    ck_assert_msg(measured >= 20 / 4, "%d of 20 CUDA runs timed", measured);  /* one in four is sampled */
    vela_image_destroy(small_in);
    vela_image_destroy(small_out);
    vela_image_destroy(big_in);
    vela_image_destroy(big_out);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    int skip = vt_skip_without_gpu();
    if (skip) return skip;
    Suite *s = suite_create("scheduler_cuda");
    TCase *tc = tcase_create("scheduler_cuda");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_auto_spreads_streams_over_backends);
    tcase_add_test(tc, test_auto_follows_the_data_and_learns);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
