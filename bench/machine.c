#include "machine.h"

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#if BENCH_HAVE_CUDA
#include "peer_cuda.h"
#endif
#if BENCH_HAVE_OPENCV
#include "peer_opencv.h"
#endif
#if BENCH_HAVE_NPP
#include "peer_npp.h"
#endif

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
}

/* The value of the first "key<spaces>: value" line of /proc/cpuinfo among `keys`, in order. */
static bool cpuinfo(const char *const *keys, char *out, size_t size)
{
    for (; *keys; keys++) {
        FILE *f = fopen("/proc/cpuinfo", "r");
        if (!f) return false;
        char line[512];
        size_t klen = strlen(*keys);
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, *keys, klen) != 0 || !strchr(line, ':')) continue;
            const char *v = strchr(line, ':') + 1;
            while (*v == ' ' || *v == '\t') v++;
            snprintf(out, size, "%s", v);
            trim(out);
            fclose(f);
            if (*out) return true;
            break;
        }
        fclose(f);
    }
    return false;
}

static void read_text(const char *path, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';  /* device-tree strings end in NUL already */
    trim(out);
    fclose(f);
}

/* The highest-level cache of cpu0, from sysfs ("32768K"). */
static double last_level_cache(void)
{
    double best = 0;
    int best_level = 0;
    for (int i = 0; i < 8; i++) {
        char path[96], text[32];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        read_text(path, text, sizeof text);
        int level = atoi(text);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        read_text(path, text, sizeof text);
        char *unit;
        double size = strtod(text, &unit);
        size *= *unit == 'K' ? 1024.0 : *unit == 'M' ? 1024.0 * 1024.0 : 1.0;
        if (level > best_level || (level == best_level && size > best)) best = size, best_level = level;
    }
    return best;
}

void bench_machine_probe(bench_machine *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->vela, sizeof m->vela, "%s, CPU kernels %s", BENCH_VELA_VERSION, BENCH_CPU_KERNELS);
    struct utsname u;
    if (uname(&u) == 0) snprintf(m->system, sizeof m->system, "%s %s %s", u.sysname, u.release, u.machine);
    static const char *const model_keys[] = { "model name", "Model", "Hardware", "cpu model", NULL };
    if (!cpuinfo(model_keys, m->cpu, sizeof m->cpu)) {
        char part[32] = "";
        static const char *const part_keys[] = { "CPU part", NULL };
        cpuinfo(part_keys, part, sizeof part);
        snprintf(m->cpu, sizeof m->cpu, "%s%s%s", u.machine, part[0] ? " CPU part " : "", part);
    }
    read_text("/proc/device-tree/model", m->board, sizeof m->board);
#if defined(__clang__)
    snprintf(m->compiler, sizeof m->compiler, "clang %s", __clang_version__);
#elif defined(__GNUC__)
    snprintf(m->compiler, sizeof m->compiler, "gcc %s", __VERSION__);
#endif
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    m->cores = cores > 0 ? (int)cores : 1;
    m->llc_bytes = last_level_cache();
    m->threads = vela_num_threads();
#if BENCH_HAVE_OPENCV
    snprintf(m->opencv, sizeof m->opencv, "%s", peer_opencv_version());
    m->opencv_threads = peer_opencv_set_threads(m->threads);
#endif
#if BENCH_HAVE_NPP
    snprintf(m->npp, sizeof m->npp, "%s", peer_npp_version());
#endif
#if BENCH_HAVE_CUDA
    peer_cuda_device d;
    if (!vela_backend_available(VELA_BACKEND_CUDA)) {
        snprintf(m->gpu_name, sizeof m->gpu_name, "none (no CUDA device)");
    } else if (peer_cuda_describe(&d) != 0) {
        snprintf(m->gpu_name, sizeof m->gpu_name, "none (%s)", bench_last_error());
    } else {
        m->gpu = true;
        snprintf(m->gpu_name, sizeof m->gpu_name, "%s", d.name);
        m->cc_major = d.cc_major;
        m->cc_minor = d.cc_minor;
        m->sms = d.sms;
        m->integrated = d.integrated;
        m->gpu_memory_bytes = d.memory_bytes;
        m->gpu_l2_bytes = d.l2_bytes;
        m->cuda_runtime = d.runtime_version;
        m->cuda_driver = d.driver_version;
    }
#else
    snprintf(m->gpu_name, sizeof m->gpu_name, "none (vela built without CUDA)");
#endif
}

double bench_peak_rss_bytes(void)
{
    struct rusage r;
    if (getrusage(RUSAGE_SELF, &r) != 0) return -1;
    return (double)r.ru_maxrss * 1024.0;  /* kilobytes on Linux */
}

double bench_device_memory_used(void)
{
#if BENCH_HAVE_CUDA
    if (vela_backend_available(VELA_BACKEND_CUDA)) return peer_cuda_memory_used();
#endif
    return -1;
}
