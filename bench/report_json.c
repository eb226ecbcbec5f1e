/* The JSON report: the table's numbers and more (min and max over batches, calls per batch,
 * images in rotation, why a cell is empty), with the machine and a timestamp. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

static void string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch == '\n') fputs("\\n", f);
        else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

/* A number, or null for "not there" (zero or negative where only positives mean something).
 * Whole numbers (byte counts) are written in full. */
static void number(FILE *f, double v)
{
    if (v <= 0) fputs("null", f);
    else if (v == floor(v) && v < 1e15) fprintf(f, "%.0f", v);
    else fprintf(f, "%.6g", v);
}

/* A value that may be negative; null when below -1 (not measured). */
static void signed_number(FILE *f, double v)
{
    if (v < -1) fputs("null", f);
    else fprintf(f, "%.6g", v);
}

static void key(FILE *f, const char *k, bool first)
{
    if (!first) fputs(", ", f);
    string(f, k);
    fputs(": ", f);
}

static const char *outcome_name(bench_outcome o)
{
    switch (o) {
    case BENCH_MEASURED: return "measured";
    case BENCH_NO_EQUIVALENT: return "no_equivalent";
    case BENCH_FAILED: return "failed";
    default: return "skipped";
    }
}

static void machine(FILE *f, const bench_machine *m)
{
    fputs("  \"machine\": {", f);
    key(f, "vela", true), string(f, m->vela);
    key(f, "cpu", false), string(f, m->cpu);
    key(f, "board", false), string(f, m->board);
    key(f, "system", false), string(f, m->system);
    key(f, "compiler", false), string(f, m->compiler);
    key(f, "cores", false), fprintf(f, "%d", m->cores);
    key(f, "llc_bytes", false), number(f, m->llc_bytes);
    key(f, "vela_threads", false), fprintf(f, "%d", m->threads);
    key(f, "opencv", false);
    if (m->opencv[0]) fprintf(f, "{\"version\": \"%s\", \"threads\": %d}", m->opencv, m->opencv_threads);
    else fputs("null", f);
    key(f, "npp", false);
    if (m->npp[0]) string(f, m->npp);
    else fputs("null", f);
    key(f, "gpu", false);
    if (m->gpu) {
        fputs("{", f);
        key(f, "name", true), string(f, m->gpu_name);
        key(f, "compute_capability", false), fprintf(f, "\"%d.%d\"", m->cc_major, m->cc_minor);
        key(f, "sms", false), fprintf(f, "%d", m->sms);
        key(f, "memory_bytes", false), fprintf(f, "%.0f", m->gpu_memory_bytes);
        key(f, "l2_bytes", false), fprintf(f, "%.0f", m->gpu_l2_bytes);
        key(f, "integrated", false), fputs(m->integrated ? "true" : "false", f);
        key(f, "cuda_runtime", false), fprintf(f, "\"%d.%d\"", m->cuda_runtime / 1000, m->cuda_runtime % 1000 / 10);
        key(f, "cuda_driver", false), fprintf(f, "\"%d.%d\"", m->cuda_driver / 1000, m->cuda_driver % 1000 / 10);
        fputs("}", f);
    } else {
        fputs("null", f);
        key(f, "gpu_note", false), string(f, m->gpu_name);
    }
    fputs("},\n", f);
}

static void stats(FILE *f, const bench_row *row, bench_backend b)
{
    const bench_stats *s = &row->stats[b];
    fputs("{", f);
    key(f, "outcome", true), string(f, outcome_name(s->outcome));
    if (s->outcome == BENCH_MEASURED) {
        key(f, "median_ms", false), number(f, s->median_ms);
        key(f, "min_ms", false), number(f, s->min_ms);
        key(f, "max_ms", false), number(f, s->max_ms);
        key(f, "gbps", false), number(f, report_gbps(row, b));
        key(f, "calls_per_batch", false), fprintf(f, "%d", s->calls_per_batch);
        key(f, "batches", false), fprintf(f, "%d", s->batches);
    } else if (s->note[0]) {
        key(f, "note", false), string(f, s->note);
    }
    fputs("}", f);
}

static void row(FILE *f, const bench_row *r, bool last)
{
    fputs("    {", f);
    key(f, "family", true), string(f, r->family->name);
    key(f, "case", false), string(f, r->c->name);
    key(f, "width", false), fprintf(f, "%d", r->width);
    key(f, "height", false), fprintf(f, "%d", r->height);
    key(f, "bytes", false), fprintf(f, "%.0f", r->bytes);
    key(f, "images_in_rotation", false), fprintf(f, "%d", r->copies);
    key(f, "device_used_bytes", false), number(f, r->device_used_bytes);
    fputs(",\n     \"backends\": {", f);
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++) {
        fputs(b ? ",\n                  " : "", f);
        key(f, bench_backend_name((bench_backend)b), true);
        stats(f, r, (bench_backend)b);
    }
    fputs("},\n     \"scheduler\": {", f);
    key(f, "predicted_cpu_ms", true), number(f, r->predicted_ms[0]);
    key(f, "predicted_cuda_ms", false), number(f, r->predicted_ms[1]);
    key(f, "auto_cuda_share", false), number(f, r->auto_cuda_share);
    key(f, "auto_regret", false), signed_number(f, bench_auto_regret(r) > -1 ? bench_auto_regret(r) : -2);
    key(f, "cpu_prediction_error", false), number(f, bench_prediction_error(r, BENCH_CPU));
    key(f, "cuda_prediction_error", false), number(f, bench_prediction_error(r, BENCH_CUDA));
    fputs("},\n     \"speedup_over_ref\": {", f);
    key(f, "cpu", true), number(f, report_ratio(r, BENCH_CPU, BENCH_REF));
    key(f, "cuda", false), number(f, report_ratio(r, BENCH_CUDA, BENCH_REF));
    fputs("},\n     \"ratio_to_peer\": {", f);
    key(f, "cpu_vs_opencv", true), number(f, report_ratio(r, BENCH_CPU, BENCH_OPENCV));
    key(f, "cuda_vs_npp", false), number(f, report_ratio(r, BENCH_CUDA, BENCH_NPP));
    key(f, "cuda_vs_copy", false), number(f, report_ratio(r, BENCH_CUDA, BENCH_COPY));
    fputs(last ? "}}\n" : "}},\n", f);
}

int report_json_write(const char *path, const bench_machine *m, const bench_config *cfg, bool quick,
                      const bench_row *rows, int num_rows, const report_memory *mem)
{
    FILE *f = fopen(path, "w");
    if (!f) return bench_fail("cannot write %s: %s", path, strerror(errno));
    char stamp[32] = "";
    time_t now = time(NULL);
    struct tm utc;
    if (gmtime_r(&now, &utc)) strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);

    fputs("{\n  \"tool\": \"vela_bench\", \"format\": 1, ", f);
    key(f, "timestamp", true), string(f, stamp);
    fputs(",\n", f);
    machine(f, m);
    fputs("  \"config\": {", f);
    key(f, "quick", true), fputs(quick ? "true" : "false", f);
    key(f, "batches", false), fprintf(f, "%d", cfg->batches);
    key(f, "batch_ms", false), fprintf(f, "%g", cfg->batch_ms);
    key(f, "min_batches", false), fprintf(f, "%d", cfg->min_batches);
    key(f, "min_calls_per_batch", false), fprintf(f, "%d", cfg->min_calls);
    key(f, "max_batch_ms", false), fprintf(f, "%g", cfg->max_batch_ms);
    key(f, "cpu_pool_bytes", false), fprintf(f, "%.0f", cfg->cpu_pool_bytes);
    key(f, "gpu_pool_bytes", false), fprintf(f, "%.0f", cfg->gpu_pool_bytes);
    key(f, "statistic", false), string(f, "median over batches of batch time / calls");
    fputs("},\n  \"results\": [\n", f);
    for (int i = 0; i < num_rows; i++) row(f, &rows[i], i == num_rows - 1);
    fputs("  ],\n  \"memory\": {", f);
    key(f, "peak_host_rss_bytes", true), number(f, mem->peak_rss_bytes);
    key(f, "device_used_peak_bytes", false), number(f, mem->device_peak_bytes);
    key(f, "device_used_end_bytes", false), number(f, mem->device_end_bytes);
    fputs("}\n}\n", f);
    if (fclose(f) != 0) return bench_fail("cannot write %s: %s", path, strerror(errno));
    return 0;
}
