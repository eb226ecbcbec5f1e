#include "common/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VL_MESSAGE_MAX 512

static _Thread_local char message[VL_MESSAGE_MAX];

vela_status vl_fail(vela_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return status;
}

void vl_set_message(const char *text)
{
    snprintf(message, sizeof message, "%s", text ? text : "");
}

const char *vela_last_error_message(void)
{
    return message;
}

const char *vela_status_name(vela_status status)
{
    switch (status) {
    case VELA_OK: return "VELA_OK";
    case VELA_ERROR_INVALID_ARGUMENT: return "VELA_ERROR_INVALID_ARGUMENT";
    case VELA_ERROR_INVALID_IMAGE_FORMAT: return "VELA_ERROR_INVALID_IMAGE_FORMAT";
    case VELA_ERROR_NOT_IMPLEMENTED: return "VELA_ERROR_NOT_IMPLEMENTED";
    case VELA_ERROR_OUT_OF_MEMORY: return "VELA_ERROR_OUT_OF_MEMORY";
    case VELA_ERROR_BACKEND_UNAVAILABLE: return "VELA_ERROR_BACKEND_UNAVAILABLE";
    case VELA_ERROR_INTERNAL: return "VELA_ERROR_INTERNAL";
    case VELA_ERROR_INVALID_OPERATION: return "VELA_ERROR_INVALID_OPERATION";
    case VELA_ERROR_BACKEND_FAILURE: return "VELA_ERROR_BACKEND_FAILURE";
    case VELA_ERROR_NOT_READY: return "VELA_ERROR_NOT_READY";
    case VELA_ERROR_PARSE: return "VELA_ERROR_PARSE";
    }
    return "VELA_STATUS_UNKNOWN";
}
