#include "common/payload.h"

#include "common/stream.h"

#include <stddef.h>

void vl_payload_init(vela_payload *p, const char *algorithm, uint32_t backends, void (*destroy)(vela_payload *))
{
    p->algorithm = algorithm;
    p->destroy = destroy;
    p->backends = backends;
    p->last_timeline = NULL;
    p->last_seq = 0;
}

void vl_payload_set_last(vela_payload *p, vela_stream *stream)
{
    vl_timeline *t = vl_stream_timeline(stream);
    if (p->last_timeline != t) {
        vl_timeline_release(p->last_timeline);
        p->last_timeline = vl_timeline_retain(t);
    }
    p->last_seq = vl_stream_last_seq(stream);
}

void vela_payload_destroy(vela_payload *p)
{
    if (!p) return;
    if (p->last_timeline) {
        vl_timeline_wait_done(p->last_timeline, p->last_seq);
        vl_timeline_release(p->last_timeline);
        p->last_timeline = NULL;
    }
    p->destroy(p);
}
