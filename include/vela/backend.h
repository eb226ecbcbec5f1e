/* Backends: where a submission runs, and which backends an object may be used with. */
#ifndef VELA_BACKEND_H
#define VELA_BACKEND_H

#include <stdint.h>
#include <vela/export.h>

VELA_BEGIN_DECLS

typedef enum vela_backend {
    VELA_BACKEND_CPU = 1u << 0,   /* NEON on ARM64 (SIMDe elsewhere), row bands over the pool */
    VELA_BACKEND_CUDA = 1u << 1,  /* the stream's cudaStream_t */
    VELA_BACKEND_AUTO = 1u << 15  /* submit only: the scheduler picks CPU or CUDA */
} vela_backend;

/* Mask of every backend; as a create flag, 0 means the same. */
#define VELA_BACKEND_ALL (VELA_BACKEND_CPU | VELA_BACKEND_CUDA)

/* 1 when the backend can run here (CUDA: compiled in and a device present), else 0. */
VELA_API int vela_backend_available(vela_backend backend);

/* "CPU", "CUDA", "AUTO"; "?" otherwise. */
VELA_API const char *vela_backend_name(vela_backend backend);

VELA_END_DECLS

#endif
