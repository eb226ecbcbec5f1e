/* Internal: which CPU kernels run. NEON when compiled in (natively on ARM64, through SIMDe
 * elsewhere), unless VELA_CPU_KERNELS=ref forces the plain-C references so that the whole suite
 * can be rerun on them. */
#ifndef VL_CPU_KERNELS_H
#define VL_CPU_KERNELS_H

#include <stdbool.h>

bool vl_cpu_neon_enabled(void);

#endif
