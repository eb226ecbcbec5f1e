/* Internal: setting the thread-local error message. */
#ifndef VL_STATUS_H
#define VL_STATUS_H

#include <vela/status.h>

#if defined(__GNUC__)
#  define VL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define VL_PRINTF(f, a)
#endif

/* Formats the message for this thread and returns `status`, so that a check reads
 * `if (w <= 0) return vl_fail(VELA_ERROR_INVALID_ARGUMENT, "width %d must be > 0", w);`
 * Exported (not public: no header in include/) for the companion library vela_opencv, whose
 * messages must land in the same thread-local buffer as the core's. */
VELA_API vela_status vl_fail(vela_status status, const char *fmt, ...) VL_PRINTF(2, 3);

/* Sets this thread's message to a copy of `message` (a stream's sticky error). */
void vl_set_message(const char *message);

#endif
