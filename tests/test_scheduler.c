#include "harness.h"

#include "common/plan.h"
#include "common/scheduler.h"
#include "vl_families.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vela/scheduler.h>

/* A desktop with a discrete GPU behind PCIe: the CPU of a small workstation, the GPU of a server. */
static vela_profile discrete(void)
{
    vela_profile p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "test-discrete");
    p.cpu = (vela_cpu_profile){ 8, 40, 12, 400, 50, 200, 25, 200, 25, 25, 3, 15 };
    p.cuda = (vela_cuda_profile){ 1, 0, 100, 2000, 20000, 40000, 80000, 5000, 8, 12, 12 };
    return p;
}

static vl_cost convert_cost(vela_format src, vela_format dst, int32_t w, int32_t h)
{
    vl_stage s;
    int parsed;
    char line[128];
    snprintf(line, sizeof line, "convert_format %dx%d %s->%s", w, h, vela_format_name(src), vela_format_name(dst));
    VT_OK(vl_stage_parse(line, 1, &s, &parsed));
    vl_cost c;
    VT_OK(vl_stage_cost_of("convert_format")(&s, &c));
    return c;
}

/* What AUTO picks for `cost` with `host_bytes` of input current only on the host. */
static int choose(const vela_profile *p, const vl_cost *c, double host_bytes)
{
    double t[2];
    for (int b = 0; b < 2; b++) {
        vl_prediction pr = vl_predict(p, c, b, b == VL_CPU ? 0.5 : 0.6, b == VL_CUDA ? host_bytes : 0);
        t[b] = pr.run_ms + pr.transfer_ms;
    }
    return vl_choose(t, (double[2]){ 0, 0 }, VELA_BACKEND_CPU | VELA_BACKEND_CUDA);
}

START_TEST(test_presets_are_valid_and_ordered)
{
    ck_assert_int_eq(vela_profile_preset_count(), 7);
    vela_profile nano, orin;
    for (int32_t i = 0; i < vela_profile_preset_count(); i++) {
        vela_profile p;
        VT_OK(vela_profile_preset(vela_profile_preset_name(i), &p));
        VT_OK(vl_profile_check(&p));
        ck_assert(p.cuda.present && p.cuda.integrated);
    }
    VT_OK(vela_profile_preset("jetson-nano", &nano));
    VT_OK(vela_profile_preset("agx-orin", &orin));
    ck_assert(orin.cuda.f32_gops > 10 * nano.cuda.f32_gops);
    ck_assert(orin.cpu.bandwidth_gbs > nano.cpu.bandwidth_gbs);
    ck_assert_int_eq(nano.cuda.sm_count, 1);
    ck_assert_ptr_null(vela_profile_preset_name(7));
    VT_FAILS(vela_profile_preset("jetson-nanoo", &nano), VELA_ERROR_INVALID_ARGUMENT, "agx-orin");
    VT_FAILS(vela_profile_preset(NULL, &nano), VELA_ERROR_INVALID_ARGUMENT, "name");
    VT_FAILS(vela_profile_preset("agx-orin", NULL), VELA_ERROR_INVALID_ARGUMENT, "profile");
}
END_TEST

START_TEST(test_predictions_grow_with_size)
{
    vela_profile p = discrete();
    static const int32_t sizes[][2] = { { 64, 48 }, { 640, 480 }, { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
    for (int b = 0; b < 2; b++) {
        double last = 0;
        for (int i = 0; i < 5; i++) {
            vl_cost c = convert_cost(VELA_FORMAT_NV12, VELA_FORMAT_RGB8, sizes[i][0], sizes[i][1]);
            vl_prediction pr = vl_predict(&p, &c, b, 0.5, 0);
            ck_assert_msg(pr.run_ms >= last, "backend %d: %dx%d predicted %f < %f", b, sizes[i][0], sizes[i][1], pr.run_ms, last);
            ck_assert(isfinite(pr.run_ms) && pr.run_ms > 0);
            last = pr.run_ms;
        }
    }
}
END_TEST

START_TEST(test_decisions_are_sensible)
{
    vela_profile desk = discrete(), orin;
    VT_OK(vela_profile_preset("agx-orin", &orin));

    /* A tiny image on the host: launching the GPU costs more than the work. */
    vl_cost tiny = convert_cost(VELA_FORMAT_YUYV, VELA_FORMAT_RGB8, 32, 24);
    ck_assert_int_eq(choose(&desk, &tiny, 32 * 24 * 2), VL_CPU);
    ck_assert_int_eq(choose(&orin, &tiny, 32 * 24 * 2), VL_CPU);

    /* Much arithmetic on a large image: the GPU, even paying for the upload. */
    vl_cost heavy = convert_cost(VELA_FORMAT_F32, VELA_FORMAT_F32, 3840, 2160);
    heavy.f32_ops = 400.0 * 3840 * 2160;
    ck_assert_int_eq(choose(&desk, &heavy, 3840 * 2160 * 4.0), VL_CUDA);

    /* A cheap conversion of a host frame: the PCIe upload outweighs the GPU's speed on a discrete
     * card, while on a Jetson the GPU reads the same DRAM and wins. */
    vl_cost cheap = convert_cost(VELA_FORMAT_YUYV, VELA_FORMAT_U8, 1920, 1080);
    ck_assert_int_eq(choose(&desk, &cheap, 1920 * 1080 * 2.0), VL_CPU);
    ck_assert_int_eq(choose(&orin, &cheap, 1920 * 1080 * 2.0), VL_CUDA);
    /* Already on the device: it stays there. */
    ck_assert_int_eq(choose(&desk, &cheap, 0), VL_CUDA);
}
END_TEST

START_TEST(test_queued_work_spreads_streams)
{
    /* Four streams submit the same stage at once: the queue each backend has grows with every
     * booking, so the choices alternate instead of piling onto the faster one. */
    double t[2] = { 1.0, 0.8 }, queued[2] = { 0, 0 };
    int used[2] = { 0, 0 };
    for (int i = 0; i < 8; i++) {
        int b = vl_choose(t, queued, VELA_BACKEND_CPU | VELA_BACKEND_CUDA);
        used[b]++;
        queued[b] += t[b];
    }
    ck_assert_int_ge(used[VL_CPU], 3);
    ck_assert_int_ge(used[VL_CUDA], 3);
    /* A pinned stream never leaves its backend. */
    ck_assert_int_eq(vl_choose(t, (double[2]){ 100, 0 }, VELA_BACKEND_CPU), VL_CPU);
    ck_assert_int_eq(vl_choose(t, (double[2]){ 0, 100 }, VELA_BACKEND_CUDA), VL_CUDA);
}
END_TEST

START_TEST(test_calibration_is_sane)
{
    vela_profile p;
    VT_OK(vela_profile_calibrate(&p));
    VT_OK(vl_profile_check(&p));
    ck_assert_int_eq(p.cpu.threads, vela_num_threads());
    /* Physical bounds: no memory streams at 10 TB/s or below 10 MB/s. */
    ck_assert_msg(p.cpu.bandwidth_gbs > 0.01 && p.cpu.bandwidth_gbs < 10000, "%f GB/s", p.cpu.bandwidth_gbs);
    ck_assert(p.cpu.bandwidth_gbs_1t > 0.01 && p.cpu.bandwidth_gbs_1t < 10000);
    ck_assert(p.cpu.f32_gops > 0 && p.cpu.int_gops > 0 && p.cpu.special_gops > 0);
    ck_assert(isfinite(p.cpu.dispatch_us) && p.cpu.dispatch_us >= 0);
    ck_assert_int_eq(p.cuda.present, vela_backend_available(VELA_BACKEND_CUDA));
    if (p.cuda.present) {
        ck_assert(p.cuda.bandwidth_gbs > 1 && p.cuda.bandwidth_gbs < 20000);
        ck_assert(p.cuda.sm_count > 0 && p.cuda.f32_gops > 0 && p.cuda.launch_us > 0);
    }
}
END_TEST

START_TEST(test_profile_round_trip)
{
    char path[] = "/tmp/vela-profile-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    for (int32_t i = 0; i < vela_profile_preset_count(); i++) {
        vela_profile a, b;
        VT_OK(vela_profile_preset(vela_profile_preset_name(i), &a));
        VT_OK(vela_profile_save(path, &a));
        VT_OK(vela_profile_load(path, &b));
        ck_assert_str_eq(a.name, b.name);
        ck_assert(memcmp(&a.cpu, &b.cpu, sizeof a.cpu) == 0);
        ck_assert(memcmp(&a.cuda, &b.cuda, sizeof a.cuda) == 0);
    }
    vela_profile d = discrete(), e;
    VT_OK(vela_profile_save(path, &d));
    VT_OK(vela_profile_load(path, &e));
    ck_assert(memcmp(&d.cuda, &e.cuda, sizeof d.cuda) == 0);
    unlink(path);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

START_TEST(test_malformed_profile_names_the_line)
{
    char path[] = "/tmp/vela-profile-XXXXXX";
    close(mkstemp(path));
    vela_profile p, good;
    VT_OK(vela_profile_preset("orin-nx", &good));
    VT_OK(vela_profile_save(path, &good));
    FILE *f = fopen(path, "a");
    fputs("cpu.bandwith_gbs = 3\n", f);
    fclose(f);
    VT_FAILS(vela_profile_load(path, &p), VELA_ERROR_PARSE, ":26: unknown key \"cpu.bandwith_gbs\"");
    write_file(path, "# a profile\ncpu.threads = four\n");
    VT_FAILS(vela_profile_load(path, &p), VELA_ERROR_PARSE, ":2: cpu.threads = \"four\" is not an integer");
    write_file(path, "name = x\nthis line has no equals sign\n");
    VT_FAILS(vela_profile_load(path, &p), VELA_ERROR_PARSE, ":2: expected 'key = value'");
    write_file(path, "name = x\ncpu.threads = 4\n");
    VT_FAILS(vela_profile_load(path, &p), VELA_ERROR_PARSE, "cpu.bandwidth_gbs is missing");
    VT_OK(vela_profile_save(path, &good));
    char text[4096];
    f = fopen(path, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, "cuda.bandwidth_gbs = ");
    memcpy(at + strlen("cuda.bandwidth_gbs = "), "-1 ", 3);  /* "-1 " then the old digits' tail */
    char *eol = strchr(at, '\n');
    memmove(at + strlen("cuda.bandwidth_gbs = -1"), eol, strlen(eol) + 1);
    write_file(path, text);
    VT_FAILS(vela_profile_load(path, &p), VELA_ERROR_PARSE, "cuda.bandwidth_gbs is -1");
    VT_FAILS(vela_profile_load("/nonexistent/vela.txt", &p), VELA_ERROR_INVALID_ARGUMENT, "/nonexistent/vela.txt");
    VT_FAILS(vela_profile_load(NULL, &p), VELA_ERROR_INVALID_ARGUMENT, "path");
    VT_FAILS(vela_profile_save(path, NULL), VELA_ERROR_INVALID_ARGUMENT, "profile");
    good.cpu.bandwidth_gbs = NAN;
    VT_FAILS(vela_profile_save(path, &good), VELA_ERROR_INVALID_ARGUMENT, "cpu.bandwidth_gbs");
    VT_FAILS(vela_scheduler_set_profile(&good), VELA_ERROR_INVALID_ARGUMENT, "cpu.bandwidth_gbs");
    unlink(path);
}
END_TEST

START_TEST(test_malformed_pipeline_names_the_line)
{
    char path[] = "/tmp/vela-pipeline-XXXXXX";
    close(mkstemp(path));
    vl_stage *stages;
    int count;
    write_file(path, "# camera\nconvert_format 1280x720 YUYV->RGB8\n\nconvert_format 1280x720 RGB8->U8 # gray\n");
    VT_OK(vl_pipeline_read(path, &stages, &count));
    ck_assert_int_eq(count, 2);
    ck_assert_int_eq(stages[1].line, 4);
    ck_assert_int_eq(stages[1].dst_format, VELA_FORMAT_U8);
    free(stages);
    write_file(path, "convert_format 1280x720 YUYV->RGB8\ngausian 1280x720 U8\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "line 2: unknown algorithm \"gausian\"");
    write_file(path, "convert_format 1280y720 YUYV->RGB8\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "line 1: size \"1280y720\"");
    write_file(path, "\nconvert_format 1280x720 YUYV->RGB9\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "line 2: unknown format");
    write_file(path, "convert_format 1280x720 RGB8->NV12\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "line 1: converting RGB8 (src) to NV12");
    write_file(path, "convert_format 1280x720 U8 oops\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "line 1: parameter \"oops\"");
    write_file(path, "# nothing\n");
    VT_FAILS(vl_pipeline_read(path, &stages, &count), VELA_ERROR_PARSE, "no stages");
    unlink(path);
}
END_TEST

START_TEST(test_every_family_has_a_cost_descriptor)
{
    /* The registry is generated from the families built; each must answer for a plain stage. */
    const char *names[64];
    int n = vl_registered_families(names, 64);
#define COUNT(name) +1
    ck_assert_int_eq(n, 0 VL_FAMILIES(COUNT));
#undef COUNT
    for (int i = 0; i < n; i++) ck_assert_ptr_nonnull(vl_stage_cost_of(names[i]));
}
END_TEST

START_TEST(test_plan_follows_residency)
{
    vela_profile desk = discrete(), orin;
    VT_OK(vela_profile_preset("agx-orin", &orin));
    vl_stage stages[2];
    int parsed;
    vl_plan_row rows[2];
    double total;
    /* Alone, the cheap gray conversion of a host frame stays on the CPU of the desktop... */
    VT_OK(vl_stage_parse("convert_format 1920x1080 RGB8->U8", 1, &stages[0], &parsed));
    VT_OK(vl_plan(stages, 1, &desk, rows, &total));
    ck_assert_int_eq(rows[0].choice, VL_CPU);
    /* ...but after a stage that went to the GPU, its input is there and it follows. */
    VT_OK(vl_stage_parse("convert_format 1920x1080 YUYV->RGB8", 1, &stages[0], &parsed));
    VT_OK(vl_stage_parse("convert_format 1920x1080 RGB8->U8", 2, &stages[1], &parsed));
    VT_OK(vl_plan(stages, 2, &desk, rows, &total));
    ck_assert_int_eq(rows[0].choice, VL_CUDA);
    ck_assert_int_eq(rows[1].choice, VL_CUDA);
    ck_assert(fabs(total - rows[0].predicted_ms[VL_CUDA] - rows[1].predicted_ms[VL_CUDA]) < 1e-9);
    /* On a Jetson nothing is uploaded: the GPU from the start. */
    VT_OK(vl_plan(stages, 2, &orin, rows, &total));
    ck_assert_int_eq(rows[0].choice, VL_CUDA);
    ck_assert(total > 0 && total < 10);
}
END_TEST

START_TEST(test_learning_and_freezing)
{
    vela_profile desk = discrete();
    VT_OK(vela_scheduler_set_profile(&desk));
    vl_cost c = convert_cost(VELA_FORMAT_U8, VELA_FORMAT_F32, 640, 480);
    vl_prediction pr = vl_predict(&desk, &c, VL_CPU, vl_efficiency(&c, VL_CPU), 0);
    double before = vl_efficiency(&c, VL_CPU);
    vela_scheduler_freeze(1);
    vl_scheduler_learn(&c, VL_CPU, &pr, pr.run_ms * 4);
    ck_assert(vl_efficiency(&c, VL_CPU) == before);
    vela_scheduler_freeze(0);
    vl_scheduler_learn(&c, VL_CPU, &pr, pr.run_ms * 4);
    ck_assert_msg(vl_efficiency(&c, VL_CPU) < before, "slower than predicted must lower the efficiency");
    vela_profile got;
    VT_OK(vela_scheduler_get_profile(&got));
    ck_assert_str_eq(got.name, "test-discrete");
    VT_OK(vela_scheduler_set_profile(&desk));  /* forgets what was learned */
    ck_assert(vl_efficiency(&c, VL_CPU) == before);
    VT_FAILS(vela_scheduler_get_profile(NULL), VELA_ERROR_INVALID_ARGUMENT, "profile");
    VT_FAILS(vela_scheduler_set_profile(NULL), VELA_ERROR_INVALID_ARGUMENT, "profile");
}
END_TEST

START_TEST(test_stream_decisions_explain_submissions)
{
    vela_profile desk = discrete();
    VT_OK(vela_scheduler_set_profile(&desk));
    vela_scheduler_freeze(1);
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_create(320, 240, VELA_FORMAT_YUYV, VELA_BACKEND_CPU, &a));
    VT_OK(vela_image_create(320, 240, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &b));
    for (int i = 0; i < 300; i++) VT_OK(vela_submit_convert_format(s, i % 2 ? VELA_BACKEND_AUTO : VELA_BACKEND_CPU, a, b, NULL));
    VT_OK(vela_stream_sync(s));
    vela_decision d[300];
    int32_t n;
    VT_OK(vela_stream_get_decisions(s, d, 300, &n));
    ck_assert_int_eq(n, 256);
    for (int i = 0; i < n; i++) {
        ck_assert_str_eq(d[i].algorithm, "convert_format");
        ck_assert_int_eq(d[i].width, 320);
        ck_assert_int_eq(d[i].chosen, VELA_BACKEND_CPU);  /* the stream is pinned to the CPU */
        ck_assert(d[i].predicted_ms[0] > 0);
        ck_assert(d[i].predicted_ms[1] < 0);
        ck_assert(d[i].measured_ms > 0);
    }
    ck_assert_int_eq(d[n - 1].requested, VELA_BACKEND_AUTO);
    VT_OK(vela_stream_get_decisions(s, d, 2, &n));
    ck_assert_int_eq(n, 2);
    VT_FAILS(vela_stream_get_decisions(NULL, d, 2, &n), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_stream_get_decisions(s, NULL, 2, &n), VELA_ERROR_INVALID_ARGUMENT, "decisions");
    VT_FAILS(vela_stream_get_decisions(s, d, 2, NULL), VELA_ERROR_INVALID_ARGUMENT, "count");
    vela_scheduler_freeze(0);
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scheduler");
    TCase *tc = tcase_create("scheduler");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_presets_are_valid_and_ordered);
    tcase_add_test(tc, test_predictions_grow_with_size);
    tcase_add_test(tc, test_decisions_are_sensible);
    tcase_add_test(tc, test_queued_work_spreads_streams);
    tcase_add_test(tc, test_calibration_is_sane);
    tcase_add_test(tc, test_profile_round_trip);
    tcase_add_test(tc, test_malformed_profile_names_the_line);
    tcase_add_test(tc, test_malformed_pipeline_names_the_line);
    tcase_add_test(tc, test_every_family_has_a_cost_descriptor);
    tcase_add_test(tc, test_plan_follows_residency);
    tcase_add_test(tc, test_learning_and_freezing);
    tcase_add_test(tc, test_stream_decisions_explain_submissions);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
