/* Internal: NEON intrinsics, natively on ARM64 and through SIMDe elsewhere (x86 tests). */
#ifndef VL_NEON_H
#define VL_NEON_H

#if defined(__aarch64__) || defined(__ARM_NEON)
#  include <arm_neon.h>
#else
#  define SIMDE_ENABLE_NATIVE_ALIASES
#  include <simde/arm/neon.h>
#endif

#endif
