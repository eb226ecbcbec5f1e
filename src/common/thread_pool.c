#include "common/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Waking a thread blocked on a condition variable takes tens of microseconds on a VM (and more than
 * a 720p band's work on some machines), twice per job if the caller sleeps until the last worker
 * is done. So a worker that finishes a job watches for the next one this long before it sleeps
 * (a stream's tasks come back to back), and a caller that has run out of bands watches the
 * workers still in theirs for at most about two bands' time (SPIN_MAX_NS) before it sleeps: a
 * worker that has lost its core to another process is better waited for asleep, which leaves
 * the caller's core to it. OpenMP and TBB spin the same way, longer. */
#define SPIN_NEXT_NS 50000
#define SPIN_MAX_NS 200000

typedef struct job {
    vela_parallel_task task;
    void *ctx;
    int32_t count;
    atomic_int next;
} job;

static struct {
    pthread_once_t once;
    int32_t threads;
    pthread_mutex_t turn;     /* one job at a time */
    pthread_mutex_t mu;       /* guards the fields below */
    pthread_cond_t wake, idle;
    job *current;
    _Atomic uint64_t generation;  /* written under mu; read without it by spinning workers */
    atomic_int active;            /* workers inside the current job */
} pool = { .once = PTHREAD_ONCE_INIT, .turn = PTHREAD_MUTEX_INITIALIZER,
           .mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
           .idle = PTHREAD_COND_INITIALIZER };

/* Runs bands of j until none is left; returns how many. */
static int32_t drain(job *j)
{
    int32_t done = 0;
    for (int32_t i; (i = atomic_fetch_add(&j->next, 1)) < j->count; done++) j->task(j->ctx, i);
    return done;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Spins until a job other than `seen` is posted (true) or `ns` pass (false). */
static int spin_for_job(uint64_t seen, int64_t ns)
{
    const int64_t t0 = now_ns();
    for (int32_t i = 1;; i++) {
        if (atomic_load_explicit(&pool.generation, memory_order_acquire) != seen) return 1;
        cpu_relax();
        if (!(i & 63) && now_ns() - t0 > ns) return 0;
    }
}

static void *worker(void *unused)
{
    (void)unused;
    uint64_t seen = 0;
    pthread_mutex_lock(&pool.mu);
    for (;;) {
        while (pool.generation == seen || !pool.current) {
            if (pool.generation != seen) seen = pool.generation;  /* a job that ended without us */
            pthread_mutex_unlock(&pool.mu);
            const int posted = spin_for_job(seen, SPIN_NEXT_NS);
            pthread_mutex_lock(&pool.mu);
            if (!posted && pool.generation == seen) pthread_cond_wait(&pool.wake, &pool.mu);
        }
        seen = pool.generation;
        job *j = pool.current;
        pool.active++;
        pthread_mutex_unlock(&pool.mu);
        drain(j);
        pthread_mutex_lock(&pool.mu);
        if (--pool.active == 0) pthread_cond_broadcast(&pool.idle);
    }
    return NULL;
}

static int32_t configured_threads(void)
{
    const char *env = getenv("VELA_NUM_THREADS");
    long n = env ? strtol(env, NULL, 10) : 0;
    if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0) n = 1;
    return n > 256 ? 256 : (int32_t)n;
}

static void start(void)
{
    pool.threads = configured_threads();
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int32_t i = 1; i < pool.threads; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker, NULL) != 0) {
            pool.threads = i;  /* run with the threads we got */
            break;
        }
    }
    pthread_attr_destroy(&attr);
}

int32_t vela_num_threads(void)
{
    pthread_once(&pool.once, start);
    return pool.threads;
}

void vl_pool_run(int32_t count, vela_parallel_task task, void *ctx)
{
    if (count <= 1 || vela_num_threads() == 1) {
        for (int32_t i = 0; i < count; i++) task(ctx, i);
        return;
    }
    job j = { .task = task, .ctx = ctx, .count = count };
    atomic_init(&j.next, 0);
    pthread_mutex_lock(&pool.turn);
    pthread_mutex_lock(&pool.mu);
    pool.current = &j;
    pool.generation++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.mu);

    const int64_t t0 = now_ns();
    const int32_t mine = drain(&j);

    /* Workers may still be finishing their last index; the job lives on this stack. */
    pthread_mutex_lock(&pool.mu);
    pool.current = NULL;
    if (pool.active > 0) {
        /* About two of the bands this thread ran: what a worker's last band should still take. */
        int64_t ns = mine > 0 ? (now_ns() - t0) * 2 / mine : SPIN_MAX_NS;
        ns = ns < SPIN_MAX_NS ? ns : SPIN_MAX_NS;
        pthread_mutex_unlock(&pool.mu);
        const int64_t t1 = now_ns();
        for (int32_t i = 1; atomic_load_explicit(&pool.active, memory_order_acquire) > 0; i++) {
            cpu_relax();
            if (!(i & 63) && now_ns() - t1 > ns) break;
        }
        pthread_mutex_lock(&pool.mu);
    }
    while (pool.active > 0) pthread_cond_wait(&pool.idle, &pool.mu);
    pthread_mutex_unlock(&pool.mu);
    pthread_mutex_unlock(&pool.turn);
}
