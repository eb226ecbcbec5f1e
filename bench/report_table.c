/* The table on the terminal: per case and size, the median time per call on each backend, vela's
 * speed-ups over the plain-C reference and its ratios to the peers, and the bandwidth reached. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

double report_ratio(const bench_row *row, bench_backend fast, bench_backend slow)
{
    const bench_stats *a = &row->stats[fast], *b = &row->stats[slow];
    if (a->outcome != BENCH_MEASURED || b->outcome != BENCH_MEASURED || a->median_ms <= 0) return 0;
    return b->median_ms / a->median_ms;
}

double report_gbps(const bench_row *row, bench_backend b)
{
    const bench_stats *s = &row->stats[b];
    if (s->outcome != BENCH_MEASURED || s->median_ms <= 0) return 0;
    return row->bytes / (s->median_ms * 1e-3) / 1e9;
}

typedef enum kind { TIME, RATIO, GBPS, PRED, REGRET } kind;

typedef struct column {
    kind kind;
    bench_backend a, b;  /* TIME, GBPS: a; RATIO: a over b */
    const char *title;
} column;

/* Every column there could be, in order; those whose backends cannot run are left out. */
static const column all_columns[] = {
    { TIME, BENCH_REF, 0, "ref" },
    { TIME, BENCH_CPU, 0, "cpu" },
    { TIME, BENCH_CUDA, 0, "cuda" },
    { TIME, BENCH_OPENCV, 0, "opencv" },
    { TIME, BENCH_NPP, 0, "npp" },
    { TIME, BENCH_COPY, 0, "d2d copy" },
    { PRED, BENCH_CPU, 0, "pred cpu" },
    { PRED, BENCH_CUDA, 0, "pred cuda" },
    { TIME, BENCH_AUTO, 0, "auto" },
    { REGRET, BENCH_AUTO, 0, "regret" },
    { RATIO, BENCH_CPU, BENCH_REF, "cpu/ref" },
    { RATIO, BENCH_CUDA, BENCH_REF, "cuda/ref" },
    { RATIO, BENCH_CPU, BENCH_OPENCV, "cpu/cv" },
    { RATIO, BENCH_CUDA, BENCH_NPP, "cuda/npp" },
    { GBPS, BENCH_CPU, 0, "cpu GB/s" },
    { GBPS, BENCH_CUDA, 0, "cuda GB/s" },
};
#define NUM_COLUMNS (int)(sizeof all_columns / sizeof all_columns[0])
#define CELL 9

static struct {
    bool shown[NUM_COLUMNS];
    char last_note[BENCH_NUM_BACKENDS][BENCH_NOTE_MAX];  /* a failure's message is printed once */
    const bench_family *last_family;                      /* a family's rows get its name above them */
} table;

static bool runs(const bench_config *cfg, bench_backend b)
{
    return cfg->enabled[b] && !bench_backend_unavailable(b);
}

static void separator(FILE *out, int i)
{
    if (i > 0 && all_columns[i].kind != all_columns[i - 1].kind) fputs(" |", out);
    else if (i > 0 && all_columns[i].kind == TIME && all_columns[i].a == BENCH_OPENCV) fputs(" |", out);
}

static void print_cell(FILE *out, const bench_row *row, const column *c)
{
    char text[32] = "-";
    const bench_stats *s = &row->stats[c->a];
    if (c->kind == TIME) {
        double ms = s->median_ms;
        if (s->outcome == BENCH_FAILED) snprintf(text, sizeof text, "FAIL");
        else if (s->outcome == BENCH_MEASURED)
            snprintf(text, sizeof text, ms < 10 ? "%.3f" : ms < 100 ? "%.2f" : "%.1f", ms);
    } else if (c->kind == PRED) {
        double p = row->predicted_ms[c->a == BENCH_CUDA];
        if (p >= 0) snprintf(text, sizeof text, p < 10 ? "%.3f" : p < 100 ? "%.2f" : "%.1f", p);
    } else if (c->kind == REGRET) {
        double r = bench_auto_regret(row);
        if (r >= 0) snprintf(text, sizeof text, "%+.0f%%", r * 100);
        else if (r > -1) snprintf(text, sizeof text, "%.0f%%", r * 100);
    } else if (c->kind == RATIO) {
        double r = report_ratio(row, c->a, c->b);
        if (r > 0) snprintf(text, sizeof text, r < 10 ? "%.2fx" : "%.1fx", r);
    } else {
        double g = report_gbps(row, c->a);
        if (g > 0) snprintf(text, sizeof text, g < 10 ? "%.2f" : "%.1f", g);
    }
    fprintf(out, " %*s", CELL, text);
}

static double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

void report_table_begin(FILE *out, const bench_machine *m, const bench_config *cfg)
{
    memset(&table, 0, sizeof table);
    fprintf(out, "vela_bench: vela %s\n", m->vela);
    fprintf(out, "cpu:     %s, %d cores", m->cpu, m->cores);
    if (m->llc_bytes > 0) fprintf(out, ", LLC %.0f MiB", m->llc_bytes / (1 << 20));
    fprintf(out, "; vela threads %d", m->threads);
    if (m->opencv[0]) fprintf(out, ", OpenCV %s threads %d", m->opencv, m->opencv_threads);
    fprintf(out, "\n");
    if (m->board[0]) fprintf(out, "board:   %s\n", m->board);
    fprintf(out, "system:  %s; %s\n", m->system, m->compiler);
    if (m->gpu)
        fprintf(out, "gpu:     %s (sm_%d%d, %d SMs, %.1f GiB, L2 %.0f MiB%s), CUDA runtime %d.%d driver %d.%d%s%s\n",
                m->gpu_name, m->cc_major, m->cc_minor, m->sms, m->gpu_memory_bytes / (1 << 30),
                m->gpu_l2_bytes / (1 << 20), m->integrated ? ", integrated" : "", m->cuda_runtime / 1000,
                m->cuda_runtime % 1000 / 10, m->cuda_driver / 1000, m->cuda_driver % 1000 / 10,
                m->npp[0] ? ", NPP " : "", m->npp);
    else
        fprintf(out, "gpu:     %s\n", m->gpu_name);
    fprintf(out, "timing:  after a warm-up, median per call over %d batches of ~%.0f ms (>= %d calls if they\n"
                 "         fit in %.0f ms; %d batches where a batch outlasts that); calls rotate over images\n"
                 "         worth >= %.0f MB (CPU only) / %.0f MB (with a GPU)\n",
            cfg->batches, cfg->batch_ms, cfg->min_calls, cfg->max_batch_ms, cfg->min_batches,
            cfg->cpu_pool_bytes / 1e6, cfg->gpu_pool_bytes / 1e6);
    fprintf(out, "columns: times in ms; a/b = how many times faster a is than b (cv = OpenCV); GB/s = bytes\n"
                 "         read + written once per call\n");
    if (runs(cfg, BENCH_COPY))
        fprintf(out, "         d2d copy = cudaMemcpy2DAsync moving as many bytes: the GPU's speed of light\n");
    const char *sep = "skipped: ";
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++) {
        const char *why = cfg->enabled[b] ? bench_backend_unavailable((bench_backend)b) : NULL;
        if (!why) continue;
        fprintf(out, "%s%s (%s)", sep, bench_backend_name((bench_backend)b), why);
        sep = ", ";
    }
    if (sep[0] == ',') fprintf(out, "\n");
    fprintf(out, "\n%-20s %-9s", "case", "size");
    for (int i = 0; i < NUM_COLUMNS; i++) {
        const column *c = &all_columns[i];
        table.shown[i] = c->kind == PRED ? runs(cfg, BENCH_AUTO) && runs(cfg, c->a)
                                         : runs(cfg, c->a) && (c->kind != RATIO || runs(cfg, c->b));
        if (!table.shown[i]) continue;
        separator(out, i);
        fprintf(out, " %*s", CELL, c->title);
    }
    fprintf(out, "\n");
    fflush(out);
}

void report_table_row(FILE *out, const bench_row *row)
{
    char size[24];
    snprintf(size, sizeof size, "%dx%d", row->width, row->height);
    if (row->family != table.last_family) fprintf(out, "%s\n", row->family->name);
    table.last_family = row->family;
    fprintf(out, "  %-18s %-9s", row->c->name, size);
    for (int i = 0; i < NUM_COLUMNS; i++) {
        if (!table.shown[i]) continue;
        separator(out, i);
        print_cell(out, row, &all_columns[i]);
    }
    fprintf(out, "\n");
    for (int b = 0; b < BENCH_NUM_BACKENDS; b++) {
        const bench_stats *s = &row->stats[b];
        if (s->outcome != BENCH_FAILED || strcmp(s->note, table.last_note[b]) == 0) continue;
        fprintf(out, "    %s failed: %s\n", bench_backend_name((bench_backend)b), s->note);
        snprintf(table.last_note[b], sizeof table.last_note[b], "%s", s->note);
    }
    fflush(out);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void report_table_summary(FILE *out, const bench_row *rows, int n)
{
    int autos = 0, close = 0, preds = 0;
    double *errors = malloc(sizeof *errors * (size_t)(2 * n + 1));
    for (int i = 0; i < n && errors; i++) {
        double r = bench_auto_regret(&rows[i]);
        if (r > -1 && rows[i].stats[BENCH_AUTO].outcome == BENCH_MEASURED) autos++, close += r <= 0.10;
        for (int b = BENCH_CPU; b <= BENCH_CUDA; b++) {
            double e = bench_prediction_error(&rows[i], (bench_backend)b);
            if (e >= 0) errors[preds++] = e;
        }
    }
    if (autos)
        fprintf(out, "\nauto:    within 10%% of the better of CPU and CUDA in %d of %d cases (%.0f%%)\n", close, autos,
                100.0 * close / autos);
    if (preds) {
        qsort(errors, (size_t)preds, sizeof *errors, compare);
        double median = preds % 2 ? errors[preds / 2] : (errors[preds / 2 - 1] + errors[preds / 2]) / 2;
        fprintf(out, "model:   median prediction error %.0f%% over %d CPU and CUDA measurements (p90 %.0f%%)\n",
                100 * median, preds, 100 * errors[(int)(0.9 * (preds - 1))]);
    }
    free(errors);
}

void report_table_end(FILE *out, const report_memory *mem)
{
    fprintf(out, "\nmemory:  peak host RSS %.1f MiB", mib(mem->peak_rss_bytes));
    if (mem->device_peak_bytes >= 0) fprintf(out, "; device in use: peak %.1f MiB", mib(mem->device_peak_bytes));
    if (mem->device_end_bytes >= 0)
        fprintf(out, "%s at the end %.1f MiB", mem->device_peak_bytes >= 0 ? "," : "; device in use",
                mib(mem->device_end_bytes));
    fprintf(out, "\n");
    fflush(out);
}
