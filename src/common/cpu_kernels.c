#include "common/cpu_kernels.h"

#include <stdlib.h>
#include <string.h>

bool vl_cpu_neon_enabled(void)
{
#if VELA_HAVE_NEON
    const char *force = getenv("VELA_CPU_KERNELS");
    return !(force && strcmp(force, "ref") == 0);
#else
    return false;
#endif
}
