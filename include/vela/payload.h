/* Payloads: the state of a stateful algorithm (remap tables, temporal filters), created once with
 * vela_create_<algo>, used by its submissions, destroyed here. */
#ifndef VELA_PAYLOAD_H
#define VELA_PAYLOAD_H

#include <vela/export.h>

VELA_BEGIN_DECLS

typedef struct vela_payload vela_payload;

/* Waits for the submissions that use the payload, then frees it. NULL is a no-op. */
VELA_API void vela_payload_destroy(vela_payload *payload);

VELA_END_DECLS

#endif
