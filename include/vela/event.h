/* Events: points in a stream's work, for ordering between streams and for timing. */
#ifndef VELA_EVENT_H
#define VELA_EVENT_H

#include <vela/export.h>
#include <vela/status.h>
#include <vela/stream.h>

VELA_BEGIN_DECLS

typedef struct vela_event vela_event;

VELA_API vela_status vela_event_create(vela_event **event);
/* Waits for the recorded point, then frees. NULL is a no-op. */
VELA_API void vela_event_destroy(vela_event *event);

/* Marks the point after everything submitted to `stream` so far. Re-recording moves the point. */
VELA_API vela_status vela_event_record(vela_event *event, vela_stream *stream);

/* Work submitted to `stream` after this call starts only once the event's point is reached. */
VELA_API vela_status vela_stream_wait_event(vela_stream *stream, vela_event *event);

/* Blocks until the point is reached; VELA_OK at once for an event never recorded. */
VELA_API vela_status vela_event_sync(vela_event *event);
/* VELA_OK when the point is reached, VELA_ERROR_NOT_READY when not yet. */
VELA_API vela_status vela_event_query(vela_event *event);

/* Milliseconds between two reached points. */
VELA_API vela_status vela_event_elapsed_ms(vela_event *start, vela_event *end, float *ms);

VELA_END_DECLS

#endif
