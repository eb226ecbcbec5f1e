#include "common/plan.h"

#include "common/format.h"
#include "common/scheduler.h"
#include "common/status.h"
#include "vl_families.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- the registry ------------------------------------------------------------------------------ */

#define DECLARE(name) vela_status vl_##name##_stage_cost(const vl_stage *stage, vl_cost *cost);
VL_FAMILIES(DECLARE)
#undef DECLARE

static const struct {
    const char *name;
    vl_stage_cost_fn cost;
} registry[] = {
#define ENTRY(name) { #name, vl_##name##_stage_cost },
    VL_FAMILIES(ENTRY)
#undef ENTRY
};
#define NUM_FAMILIES ((int)(sizeof registry / sizeof registry[0]))

vl_stage_cost_fn vl_stage_cost_of(const char *algorithm)
{
    for (int i = 0; i < NUM_FAMILIES; i++)
        if (strcmp(registry[i].name, algorithm) == 0) return registry[i].cost;
    return NULL;
}

int vl_registered_families(const char **names, int capacity)
{
    for (int i = 0; i < NUM_FAMILIES && i < capacity; i++) names[i] = registry[i].name;
    return NUM_FAMILIES;
}

/* ---- parsing ------------------------------------------------------------------------------------ */

const char *vl_stage_param(const vl_stage *s, const char *key)
{
    for (int i = 0; i < s->num_params; i++)
        if (strcmp(s->keys[i], key) == 0) return s->values[i];
    return NULL;
}

vela_status vl_stage_int(const vl_stage *s, const char *key, int32_t fallback, int32_t *value)
{
    const char *v = vl_stage_param(s, key);
    if (!v) {
        *value = fallback;
        return VELA_OK;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < INT32_MIN || n > INT32_MAX)
        return vl_fail(VELA_ERROR_PARSE, "line %d: %s=%s is not an integer", s->line, key, v);
    *value = (int32_t)n;
    return VELA_OK;
}

vela_status vl_stage_interp(const vl_stage *s, vela_interp fallback, vela_interp *interp)
{
    static const char *const names[] = { "nearest", "linear", "cubic", "area" };
    const char *v = vl_stage_param(s, "interp");
    *interp = fallback;
    if (!v) return VELA_OK;
    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) return *interp = (vela_interp)i, VELA_OK;
    return vl_fail(VELA_ERROR_PARSE, "line %d: interp=%s is not nearest, linear, cubic or area", s->line, v);
}

static vela_format format_named(const char *name)
{
    for (int f = 1; f < VELA_FORMAT_COUNT; f++)
        if (strcmp(vela_format_name((vela_format)f), name) == 0) return (vela_format)f;
    return VELA_FORMAT_INVALID;
}

static int parse_size(const char *text, int32_t *w, int32_t *h)
{
    char *end;
    long a = strtol(text, &end, 10);
    if (end == text || *end != 'x') return 0;
    const char *second = end + 1;
    long b = strtol(second, &end, 10);
    if (end == second || *end || a <= 0 || b <= 0 || a > 65536 || b > 65536) return 0;
    *w = (int32_t)a;
    *h = (int32_t)b;
    return 1;
}

vela_status vl_stage_parse(const char *text, int line, vl_stage *s, int *parsed)
{
    char buf[512], *words[3 + VL_STAGE_MAX_PARAMS + 1];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *tok = strtok(buf, " \t\r\n"); tok && n < (int)(sizeof words / sizeof words[0]); tok = strtok(NULL, " \t\r\n"))
        words[n++] = tok;
    *parsed = 0;
    if (n == 0) return VELA_OK;
    memset(s, 0, sizeof *s);
    s->line = line;
    if (n < 3) return vl_fail(VELA_ERROR_PARSE, "line %d: expected '<algorithm> <WxH> <format> [key=value...]'", line);
    if (n > 3 + VL_STAGE_MAX_PARAMS) return vl_fail(VELA_ERROR_PARSE, "line %d: more than %d parameters", line, VL_STAGE_MAX_PARAMS);
    if (!vl_stage_cost_of(words[0]))
        return vl_fail(VELA_ERROR_PARSE, "line %d: unknown algorithm \"%s\"", line, words[0]);
    snprintf(s->algorithm, sizeof s->algorithm, "%s", words[0]);

    char *arrow = strstr(words[1], "->");
    if (arrow) *arrow = '\0';
    if (!parse_size(words[1], &s->width, &s->height) ||
        (arrow && !parse_size(arrow + 2, &s->out_width, &s->out_height)))
        return vl_fail(VELA_ERROR_PARSE, "line %d: size \"%s%s%s\" is not WxH or WxH->WxH", line, words[1],
                       arrow ? "->" : "", arrow ? arrow + 2 : "");
    if (!arrow) s->out_width = s->width, s->out_height = s->height;

    arrow = strstr(words[2], "->");
    if (arrow) *arrow = '\0';
    s->src_format = format_named(words[2]);
    s->dst_format = arrow ? format_named(arrow + 2) : s->src_format;
    if (!s->src_format || !s->dst_format)
        return vl_fail(VELA_ERROR_PARSE, "line %d: unknown format in \"%s%s%s\"", line, words[2], arrow ? "->" : "",
                       arrow ? arrow + 2 : "");

    for (int i = 3; i < n; i++) {
        char *eq = strchr(words[i], '=');
        if (!eq || eq == words[i] || !eq[1])
            return vl_fail(VELA_ERROR_PARSE, "line %d: parameter \"%s\" is not key=value", line, words[i]);
        *eq = '\0';
        snprintf(s->keys[s->num_params], sizeof s->keys[0], "%s", words[i]);
        snprintf(s->values[s->num_params], sizeof s->values[0], "%s", eq + 1);
        s->num_params++;
    }
    vl_cost cost;
    vela_status st = vl_stage_cost_of(s->algorithm)(s, &cost);  /* the family checks its parameters */
    if (st != VELA_OK) {
        if (st == VELA_ERROR_PARSE) return st;
        char why[400];
        snprintf(why, sizeof why, "%s", vela_last_error_message());
        return vl_fail(VELA_ERROR_PARSE, "line %d: %s", line, why);
    }
    *parsed = 1;
    return VELA_OK;
}

vela_status vl_pipeline_read(const char *path, vl_stage **stages, int *count)
{
    if (!path) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "path is NULL");
    FILE *in = fopen(path, "r");
    if (!in) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "cannot read %s: %s", path, strerror(errno));
    int cap = 16, n = 0, line = 0;
    vl_stage *list = malloc(sizeof *list * (size_t)cap);
    char text[512];
    vela_status st = list ? VELA_OK : vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory reading %s", path);
    while (st == VELA_OK && fgets(text, sizeof text, in)) {
        line++;
        char *hash = strchr(text, '#');
        if (hash) *hash = '\0';
        if (n == cap) {
            vl_stage *grown = realloc(list, sizeof *list * (size_t)(cap *= 2));
            if (!grown) {
                st = vl_fail(VELA_ERROR_OUT_OF_MEMORY, "out of memory reading %s", path);
                break;
            }
            list = grown;
        }
        int parsed;
        st = vl_stage_parse(text, line, &list[n], &parsed);
        n += parsed;
    }
    fclose(in);
    if (st == VELA_OK && n == 0) st = vl_fail(VELA_ERROR_PARSE, "%s: no stages", path);
    if (st != VELA_OK) {
        free(list);
        return st;
    }
    *stages = list;
    *count = n;
    return VELA_OK;
}

/* ---- planning ----------------------------------------------------------------------------------- */

vela_status vl_plan(const vl_stage *stages, int count, const vela_profile *p, vl_plan_row *rows, double *total_ms)
{
    int where = VL_CPU;  /* the camera's frame is in host memory */
    double total = 0;
    for (int i = 0; i < count; i++) {
        vl_cost cost;
        vela_status st = vl_stage_cost_of(stages[i].algorithm)(&stages[i], &cost);
        if (st != VELA_OK) return st;
        double input = vl_format_bytes(stages[i].src_format, stages[i].width, stages[i].height);
        for (int b = 0; b < 2; b++) {
            if (b == VL_CUDA && !p->cuda.present) {
                rows[i].predicted_ms[b] = -1;
                continue;
            }
            vl_prediction pr = vl_predict(p, &cost, b, vl_efficiency(&cost, b), where == b ? 0 : input);
            rows[i].predicted_ms[b] = pr.run_ms + pr.transfer_ms;
        }
        uint32_t allowed = VELA_BACKEND_CPU | (p->cuda.present ? VELA_BACKEND_CUDA : 0);
        rows[i].choice = vl_choose(rows[i].predicted_ms, (double[2]){ 0, 0 }, allowed);
        where = rows[i].choice;
        total += rows[i].predicted_ms[where];
    }
    *total_ms = total;
    return VELA_OK;
}
