/* Report writers: a readable table on a terminal, row by row as cases finish, and JSON with the
 * same numbers for tools. */
#ifndef VELA_BENCH_REPORT_H
#define VELA_BENCH_REPORT_H

#include <stdio.h>

#include "bench.h"
#include "machine.h"

typedef struct report_memory {
    double peak_rss_bytes;      /* host, getrusage */
    double device_peak_bytes;   /* most device memory in use seen during the run; -1: no GPU */
    double device_end_bytes;    /* in use at the end; -1: no GPU */
} report_memory;

/* Ratio of two backends' times: how many times faster `fast` is than `slow`; 0 when either
 * was not measured. */
double report_ratio(const bench_row *row, bench_backend fast, bench_backend slow);
/* Bytes read and written per second on backend b, in GB/s; 0 when not measured. */
double report_gbps(const bench_row *row, bench_backend b);

/* The machine, the settings and the column heads; the columns are the backends that can run. */
void report_table_begin(FILE *out, const bench_machine *m, const bench_config *cfg);
void report_table_row(FILE *out, const bench_row *row);
void report_table_end(FILE *out, const report_memory *mem);
/* How AUTO fared against the better backend, and how far the model's predictions were off. */
void report_table_summary(FILE *out, const bench_row *rows, int num_rows);

/* Returns 0, or -1 after bench_fail. */
int report_json_write(const char *path, const bench_machine *m, const bench_config *cfg, bool quick,
                      const bench_row *rows, int num_rows, const report_memory *mem);

#endif
