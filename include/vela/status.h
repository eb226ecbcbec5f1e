/* Status codes and the thread-local error message. */
#ifndef VELA_STATUS_H
#define VELA_STATUS_H

#include <vela/export.h>

VELA_BEGIN_DECLS

typedef enum vela_status {
    VELA_OK = 0,
    VELA_ERROR_INVALID_ARGUMENT = -1,     /* a NULL, out-of-range or inconsistent argument */
    VELA_ERROR_INVALID_IMAGE_FORMAT = -2, /* the algorithm does not take this format (pair) */
    VELA_ERROR_NOT_IMPLEMENTED = -3,      /* a backend declines these parameters */
    VELA_ERROR_OUT_OF_MEMORY = -4,
    VELA_ERROR_BACKEND_UNAVAILABLE = -5,  /* not compiled in, no device, or not enabled here */
    VELA_ERROR_INTERNAL = -6,
    VELA_ERROR_INVALID_OPERATION = -7,    /* the object is in the wrong state (locked, ...) */
    VELA_ERROR_BACKEND_FAILURE = -8,      /* the CUDA runtime or the OS failed at run time */
    VELA_ERROR_NOT_READY = -9,            /* a query: the work has not finished yet */
    VELA_ERROR_PARSE = -10                /* a malformed file; the message names the line */
} vela_status;

/* "VELA_OK", "VELA_ERROR_INVALID_ARGUMENT", ...; "VELA_STATUS_UNKNOWN" for other values. */
VELA_API const char *vela_status_name(vela_status status);

/* The sentence describing the last error on this thread: the argument and the value that was
 * wrong, or what failed. Empty when there was none. Valid until this thread's next vela call. */
VELA_API const char *vela_last_error_message(void);

VELA_END_DECLS

#endif
