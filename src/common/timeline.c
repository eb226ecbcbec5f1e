#include "common/timeline.h"

#include "common/gpu.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct vl_timeline {
    atomic_int refs;
    pthread_mutex_t mu;
    pthread_cond_t advanced;
    uint64_t issued;
    int waiters;  /* threads in vl_timeline_wait_issued: the worker wakes nobody when there are none */
    void *gpu_stream;
};

vl_timeline *vl_timeline_create(void *gpu_stream)
{
    vl_timeline *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    atomic_init(&t->refs, 1);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->advanced, NULL);
    t->gpu_stream = gpu_stream;
    return t;
}

vl_timeline *vl_timeline_retain(vl_timeline *t)
{
    if (t) atomic_fetch_add(&t->refs, 1);
    return t;
}

void vl_timeline_release(vl_timeline *t)
{
    if (!t || atomic_fetch_sub(&t->refs, 1) != 1) return;
    if (t->gpu_stream) {
        vl_gpu_stream_sync(t->gpu_stream);
        vl_gpu_stream_destroy(t->gpu_stream);
    }
    pthread_cond_destroy(&t->advanced);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

void *vl_timeline_gpu_stream(const vl_timeline *t)
{
    return t->gpu_stream;
}

void vl_timeline_advance(vl_timeline *t, uint64_t seq)
{
    pthread_mutex_lock(&t->mu);
    t->issued = seq;
    if (t->waiters) pthread_cond_broadcast(&t->advanced);
    pthread_mutex_unlock(&t->mu);
}

void vl_timeline_wait_issued(vl_timeline *t, uint64_t seq)
{
    pthread_mutex_lock(&t->mu);
    t->waiters++;
    while (t->issued < seq) pthread_cond_wait(&t->advanced, &t->mu);
    t->waiters--;
    pthread_mutex_unlock(&t->mu);
}

int vl_timeline_reached(vl_timeline *t, uint64_t seq)
{
    pthread_mutex_lock(&t->mu);
    int reached = t->issued >= seq;
    pthread_mutex_unlock(&t->mu);
    return reached;
}

vela_status vl_timeline_wait_done(vl_timeline *t, uint64_t seq)
{
    vl_timeline_wait_issued(t, seq);
    /* Later CUDA work of the stream may be waited for too: a lock or a sync is rare enough. */
    return t->gpu_stream ? vl_gpu_stream_sync(t->gpu_stream) : VELA_OK;
}
