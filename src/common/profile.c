/* Backend profiles: presets for boards we cannot run on, checking, and the text file format. */
#include <vela/scheduler.h>

#include "common/status.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Presets from the vendors' published specifications (NVIDIA Jetson module data sheets, as
 * quoted in docs/REFERENCE.md): cores, clocks, DRAM bandwidth, SMs. Derived figures:
 *   CPU int ops/cycle/core = 16-bit NEON lanes x 128-bit pipes (A57 and Denver: 8; Carmel and
 *     A78AE with two 128-bit pipes: 16); f32 half of that; special ops an eighth of f32.
 *   CPU bandwidth: about half of DRAM's for all cores, a single core's what one A57/A78 streams.
 *   GPU ops = CUDA cores x clock (vela builds without FMA contraction: a multiply and an add are
 *     two ops); f16 twice f32 (sm_53, sm_62, sm_72, sm_87); int32 at the f32 rate up to Volta,
 *     half on Ampere; special functions 16 per SM per clock (32 on Maxwell/Pascal).
 *   GPU bandwidth 80 % of DRAM's; launch latencies as measured on such boards. All integrated. */
typedef struct preset {
    const char *name;
    int32_t cores;
    double ghz, int_per_cycle, dram_gbs, cpu_gbs, cpu_gbs_1t, dispatch_us;
    int32_t sms, cuda_cores;
    double gpu_ghz, f16_factor, int_factor, sfu_per_sm, launch_us;
} preset;

static const preset presets[] = {
    /* 4x Cortex-A57 @ 1.43 GHz; Maxwell 128 cores @ 921 MHz; 25.6 GB/s LPDDR4 */
    { "jetson-nano", 4, 1.43, 8, 25.6, 12, 6, 30, 1, 128, 0.921, 2, 1, 32, 20 },
    /* 2x Denver 2 + 4x Cortex-A57 @ 2.0 GHz; Pascal 256 cores @ 1.3 GHz; 59.7 GB/s */
    { "jetson-tx2", 6, 2.0, 8, 59.7, 25, 10, 25, 2, 256, 1.3, 2, 1, 32, 15 },
    /* 6x Carmel @ 1.9 GHz; Volta 384 cores @ 1.1 GHz; 51.2 GB/s LPDDR4x */
    { "xavier-nx", 6, 1.9, 16, 51.2, 30, 12, 20, 6, 384, 1.1, 2, 1, 16, 12 },
    /* 8x Carmel @ 2.26 GHz; Volta 512 cores @ 1.37 GHz; 137 GB/s LPDDR4x */
    { "agx-xavier", 8, 2.26, 16, 137, 60, 15, 20, 8, 512, 1.37, 2, 1, 16, 10 },
    /* 6x Cortex-A78AE @ 1.5 GHz; Ampere 1024 cores @ 625 MHz; 68 GB/s LPDDR5 */
    { "orin-nano", 6, 1.5, 16, 68, 40, 15, 15, 8, 1024, 0.625, 2, 0.5, 16, 8 },
    /* 8x Cortex-A78AE @ 2.0 GHz; Ampere 1024 cores @ 918 MHz; 102 GB/s LPDDR5 */
    { "orin-nx", 8, 2.0, 16, 102, 55, 18, 15, 8, 1024, 0.918, 2, 0.5, 16, 8 },
    /* 12x Cortex-A78AE @ 2.2 GHz; Ampere 2048 cores @ 1.3 GHz; 204.8 GB/s LPDDR5 */
    { "agx-orin", 12, 2.2, 16, 204.8, 100, 20, 12, 16, 2048, 1.3, 2, 0.5, 16, 6 },
};
#define NUM_PRESETS ((int32_t)(sizeof presets / sizeof presets[0]))

int32_t vela_profile_preset_count(void) { return NUM_PRESETS; }

const char *vela_profile_preset_name(int32_t i)
{
    return i >= 0 && i < NUM_PRESETS ? presets[i].name : NULL;
}

vela_status vela_profile_preset(const char *name, vela_profile *p)
{
    if (!name) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "name is NULL");
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    for (int32_t i = 0; i < NUM_PRESETS; i++) {
        const preset *b = &presets[i];
        if (strcmp(b->name, name) != 0) continue;
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "%s", b->name);
        double int_1t = b->ghz * b->int_per_cycle, f32_1t = int_1t / 2;
        p->cpu = (vela_cpu_profile){
            .threads = b->cores, .bandwidth_gbs = b->cpu_gbs, .bandwidth_gbs_1t = b->cpu_gbs_1t,
            .int_gops = int_1t * b->cores, .int_gops_1t = int_1t,
            .f32_gops = f32_1t * b->cores, .f32_gops_1t = f32_1t,
            .f16_gops = f32_1t * b->cores, .f16_gops_1t = f32_1t,
            .special_gops = f32_1t / 8 * b->cores, .special_gops_1t = f32_1t / 8,
            .dispatch_us = b->dispatch_us };
        double f32 = b->cuda_cores * b->gpu_ghz;
        p->cuda = (vela_cuda_profile){
            .present = 1, .integrated = 1, .sm_count = b->sms, .bandwidth_gbs = 0.8 * b->dram_gbs,
            .int_gops = f32 * b->int_factor, .f32_gops = f32, .f16_gops = f32 * b->f16_factor,
            .special_gops = b->sms * b->sfu_per_sm * b->gpu_ghz, .launch_us = b->launch_us };
        return VELA_OK;
    }
    char known[256] = "";
    for (int32_t i = 0; i < NUM_PRESETS; i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", presets[i].name);
    return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "no preset named \"%s\" (known: %s)", name, known);
}

/* Every field of the file format, in the order vela_profile_save writes them. */
typedef enum kind { INT, REAL } kind;
typedef struct field {
    const char *key;
    kind type;
    size_t offset;
    int gpu;  /* checked only when the profile has a GPU */
} field;

#define CPU(f, t) { "cpu." #f, t, offsetof(vela_profile, cpu.f), 0 }
#define GPU(f, t) { "cuda." #f, t, offsetof(vela_profile, cuda.f), 1 }
static const field fields[] = {
    CPU(threads, INT), CPU(bandwidth_gbs, REAL), CPU(bandwidth_gbs_1t, REAL), CPU(int_gops, REAL),
    CPU(int_gops_1t, REAL), CPU(f32_gops, REAL), CPU(f32_gops_1t, REAL), CPU(f16_gops, REAL),
    CPU(f16_gops_1t, REAL), CPU(special_gops, REAL), CPU(special_gops_1t, REAL), CPU(dispatch_us, REAL),
    GPU(present, INT), GPU(integrated, INT), GPU(sm_count, INT), GPU(bandwidth_gbs, REAL),
    GPU(int_gops, REAL), GPU(f32_gops, REAL), GPU(f16_gops, REAL), GPU(special_gops, REAL),
    GPU(launch_us, REAL), GPU(h2d_gbs, REAL), GPU(d2h_gbs, REAL),
};
#define NUM_FIELDS (sizeof fields / sizeof fields[0])

static double get(const vela_profile *p, const field *f)
{
    const char *at = (const char *)p + f->offset;
    return f->type == INT ? *(const int32_t *)at : *(const double *)at;
}

/* A profile the model can use: every rate positive and finite; latencies not negative. */
vela_status vl_profile_check(const vela_profile *p)
{
    for (size_t i = 0; i < NUM_FIELDS; i++) {
        const field *f = &fields[i];
        if (f->gpu && !p->cuda.present) continue;
        double v = get(p, f);
        int is_latency = strstr(f->key, "_us") != NULL;
        int is_flag = strcmp(f->key, "cuda.present") == 0 || strcmp(f->key, "cuda.integrated") == 0;
        int is_transfer = strcmp(f->key, "cuda.h2d_gbs") == 0 || strcmp(f->key, "cuda.d2h_gbs") == 0;
        if (is_flag) {
            if (v != 0 && v != 1) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile %s is %g, not 0 or 1", f->key, v);
        } else if (is_transfer && p->cuda.integrated) {
            if (!(v >= 0) || !isfinite(v)) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile %s is %g", f->key, v);
        } else if (is_latency ? !(v >= 0) : !(v > 0) || !isfinite(v)) {
            return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile %s is %g: it must be %s and finite", f->key, v,
                           is_latency ? "at least 0" : "positive");
        }
    }
    return VELA_OK;
}

vela_status vela_profile_save(const char *path, const vela_profile *p)
{
    if (!path) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "path is NULL");
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    vela_status st = vl_profile_check(p);
    if (st != VELA_OK) return st;
    FILE *out = fopen(path, "w");
    if (!out) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cannot write %s: %s", path, strerror(errno));
    fprintf(out, "# vela backend profile: rates in G operations/s, bandwidths in GB/s read + written\n");
    fprintf(out, "name = %s\n", p->name);
    for (size_t i = 0; i < NUM_FIELDS; i++) {
        if (fields[i].type == INT) fprintf(out, "%s = %d\n", fields[i].key, (int)get(p, &fields[i]));
        else fprintf(out, "%s = %.17g\n", fields[i].key, get(p, &fields[i]));
    }
    if (fclose(out) != 0) return vl_fail(VELA_ERROR_BACKEND_FAILURE, "cannot write %s", path);
    return VELA_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) *--end = '\0';
    return s;
}

vela_status vela_profile_load(const char *path, vela_profile *p)
{
    if (!path) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "path is NULL");
    if (!p) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "profile is NULL");
    FILE *in = fopen(path, "r");
    if (!in) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cannot read %s: %s", path, strerror(errno));
    vela_profile q;
    memset(&q, 0, sizeof q);
    char seen[NUM_FIELDS] = { 0 };
    char line[512];
    int n = 0;
    vela_status st = VELA_OK;
    while (st == VELA_OK && fgets(line, sizeof line, in)) {
        n++;
        char *s = trim(line);
        if (*s == '#' || *s == '\0') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            st = vl_fail(VELA_ERROR_PARSE, "%s:%d: expected 'key = value', got \"%s\"", path, n, s);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (strcmp(key, "name") == 0) {
            snprintf(q.name, sizeof q.name, "%s", value);
            continue;
        }
        size_t i = 0;
        while (i < NUM_FIELDS && strcmp(fields[i].key, key) != 0) i++;
        if (i == NUM_FIELDS) {
            st = vl_fail(VELA_ERROR_PARSE, "%s:%d: unknown key \"%s\"", path, n, key);
            break;
        }
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (end == value || *end != '\0' || errno || (fields[i].type == INT && v != (int32_t)v)) {
            st = vl_fail(VELA_ERROR_PARSE, "%s:%d: %s = \"%s\" is not a%s number", path, n, key, value,
                         fields[i].type == INT ? "n integer" : "");
            break;
        }
        char *at = (char *)&q + fields[i].offset;
        if (fields[i].type == INT) *(int32_t *)at = (int32_t)v;
        else *(double *)at = v;
        seen[i] = 1;
    }
    fclose(in);
    if (st != VELA_OK) return st;
    for (size_t i = 0; i < NUM_FIELDS; i++)
        if (!seen[i] && (!fields[i].gpu || q.cuda.present))
            return vl_fail(VELA_ERROR_PARSE, "%s: %s is missing", path, fields[i].key);
    if ((st = vl_profile_check(&q)) != VELA_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", vela_last_error_message());
        return vl_fail(VELA_ERROR_PARSE, "%s: %s", path, why);
    }
    *p = q;
    return VELA_OK;
}
