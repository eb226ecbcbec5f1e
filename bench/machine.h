/* The machine a bench ran on: quoted results name it. */
#ifndef VELA_BENCH_MACHINE_H
#define VELA_BENCH_MACHINE_H

#include <stdbool.h>

#include "bench.h"

typedef struct bench_machine {
    char vela[64];        /* version and how its CPU kernels were built: "0.1.0, CPU kernels SIMDE" */
    char cpu[160];        /* /proc/cpuinfo's model name (or what an ARM kernel gives instead) */
    char board[128];      /* /proc/device-tree/model, e.g. a Jetson's; "" elsewhere */
    char system[256];     /* uname: kernel and architecture */
    char compiler[96];
    int cores;            /* online */
    double llc_bytes;     /* the CPU's last-level cache as cpu0 sees it; 0 when unknown */
    int threads;          /* vela's CPU backend: vela_num_threads() */
    char opencv[32];      /* version; "" without the OpenCV peer */
    int opencv_threads;   /* cv::getNumThreads() after setting it to `threads` */
    char npp[32];         /* version; "" without the NPP peer */
    bool gpu;
    char gpu_name[BENCH_NOTE_MAX];  /* when gpu; otherwise why there is none */
    int cc_major, cc_minor, sms, integrated;
    double gpu_memory_bytes, gpu_l2_bytes;
    int cuda_runtime, cuda_driver;  /* 13000 = 13.0 */
} bench_machine;

/* Fills m; sets OpenCV's thread count to vela's. */
void bench_machine_probe(bench_machine *m);

/* Peak resident set size of this process so far (getrusage). */
double bench_peak_rss_bytes(void);

/* Device memory in use now; -1 without a GPU. */
double bench_device_memory_used(void);

#endif
