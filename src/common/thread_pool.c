#include "common/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

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
    uint64_t generation;
    int32_t active;           /* workers inside the current job */
} pool = { .once = PTHREAD_ONCE_INIT, .turn = PTHREAD_MUTEX_INITIALIZER,
           .mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
           .idle = PTHREAD_COND_INITIALIZER };

static void drain(job *j)
{
    for (int32_t i; (i = atomic_fetch_add(&j->next, 1)) < j->count;) j->task(j->ctx, i);
}

static void *worker(void *unused)
{
    (void)unused;
    uint64_t seen = 0;
    pthread_mutex_lock(&pool.mu);
    for (;;) {
        while (pool.generation == seen || !pool.current) {
            if (pool.generation != seen) seen = pool.generation;
            pthread_cond_wait(&pool.wake, &pool.mu);
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

    drain(&j);

    /* Workers may still be finishing their last index; the job lives on this stack. */
    pthread_mutex_lock(&pool.mu);
    pool.current = NULL;
    while (pool.active > 0) pthread_cond_wait(&pool.idle, &pool.mu);
    pthread_mutex_unlock(&pool.mu);
    pthread_mutex_unlock(&pool.turn);
}
