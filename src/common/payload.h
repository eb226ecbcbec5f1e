/* Internal: every payload starts with this header; its family frees the rest. Submissions record
 * their task on the payload so that destroy can wait for them, as images do. */
#ifndef VL_PAYLOAD_H
#define VL_PAYLOAD_H

#include <stdint.h>
#include <vela/payload.h>
#include <vela/stream.h>

#include "common/timeline.h"

struct vela_payload {
    const char *algorithm;                  /* "remap", ...: checked by each family's submit */
    void (*destroy)(vela_payload *payload); /* frees the family's part and the payload itself */
    uint32_t backends;                      /* backends it was created for */
    vl_timeline *last_timeline;
    uint64_t last_seq;
};

/* Fills the header. */
void vl_payload_init(vela_payload *payload, const char *algorithm, uint32_t backends,
                     void (*destroy)(vela_payload *));

/* Remembers the last task that uses the payload (call right after vl_submit, whose task is the
 * stream's latest). */
void vl_payload_set_last(vela_payload *payload, vela_stream *stream);

#endif
