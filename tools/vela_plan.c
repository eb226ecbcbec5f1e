/* vela-plan: predicts a pipeline's time per frame on each backend of a board, and which backend
 * AUTO would choose for each stage, so a deployment can be planned without the board.
 *
 *   vela-plan [--profile calibrated|PRESET|FILE] PIPELINE.txt
 *   vela-plan --list-presets */
#include <vela/scheduler.h>

#include "common/plan.h"
#include "common/scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: vela-plan [--profile calibrated|PRESET|FILE] PIPELINE.txt\n"
                    "       vela-plan --list-presets\n");
    return 2;
}

static vela_status load_profile(const char *which, vela_profile *p, char *origin, size_t size)
{
    if (strcmp(which, "calibrated") == 0) {
        snprintf(origin, size, "calibrated here");
        return vela_scheduler_get_profile(p);
    }
    if (vela_profile_preset(which, p) == VELA_OK) {
        snprintf(origin, size, "preset");
        return VELA_OK;
    }
    snprintf(origin, size, "file");
    return vela_profile_load(which, p);
}

int main(int argc, char **argv)
{
    const char *profile_name = "calibrated", *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list-presets") == 0) {
            for (int32_t k = 0; k < vela_profile_preset_count(); k++) printf("%s\n", vela_profile_preset_name(k));
            return 0;
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile_name = argv[++i];
        } else if (argv[i][0] == '-' || path) {
            return usage();
        } else {
            path = argv[i];
        }
    }
    if (!path) return usage();

    vela_profile profile;
    char origin[32];
    if (load_profile(profile_name, &profile, origin, sizeof origin) != VELA_OK) {
        fprintf(stderr, "vela-plan: profile %s: %s\n", profile_name, vela_last_error_message());
        return 1;
    }
    vl_stage *stages;
    int count;
    if (vl_pipeline_read(path, &stages, &count) != VELA_OK) {
        fprintf(stderr, "vela-plan: %s: %s\n", path, vela_last_error_message());
        return 1;
    }
    vl_plan_row *rows = calloc((size_t)count, sizeof *rows);
    double total;
    if (!rows || vl_plan(stages, count, &profile, rows, &total) != VELA_OK) {
        fprintf(stderr, "vela-plan: %s\n", vela_last_error_message());
        return 1;
    }

    printf("pipeline %s on %s (%s): %d CPU threads, %s\n", path, profile.name, origin, profile.cpu.threads,
           !profile.cuda.present ? "no GPU" : profile.cuda.integrated ? "integrated GPU (shared DRAM)" : "discrete GPU");
    printf("%-3s %-16s %-20s %-12s %10s %10s  %s\n", "#", "stage", "size", "format", "CPU ms", "CUDA ms", "AUTO");
    for (int i = 0; i < count; i++) {
        const vl_stage *s = &stages[i];
        char size[32], format[32], cuda[16];
        if (s->out_width != s->width || s->out_height != s->height)
            snprintf(size, sizeof size, "%dx%d->%dx%d", s->width, s->height, s->out_width, s->out_height);
        else
            snprintf(size, sizeof size, "%dx%d", s->width, s->height);
        if (s->src_format != s->dst_format)
            snprintf(format, sizeof format, "%s->%s", vela_format_name(s->src_format), vela_format_name(s->dst_format));
        else
            snprintf(format, sizeof format, "%s", vela_format_name(s->src_format));
        if (rows[i].predicted_ms[VL_CUDA] < 0) snprintf(cuda, sizeof cuda, "-");
        else snprintf(cuda, sizeof cuda, "%.3f", rows[i].predicted_ms[VL_CUDA]);
        printf("%-3d %-16s %-20s %-12s %10.3f %10s  %s\n", i + 1, s->algorithm, size, format,
               rows[i].predicted_ms[VL_CPU], cuda, rows[i].choice == VL_CUDA ? "CUDA" : "CPU");
    }
    printf("per frame: %.3f ms with AUTO's choices (%.0f frames/s on one stream); transfers included\n", total,
           total > 0 ? 1000.0 / total : 0.0);
    free(rows);
    free(stages);
    return 0;
}
