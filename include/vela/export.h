/* Export and linkage macros shared by every public header. */
#ifndef VELA_EXPORT_H
#define VELA_EXPORT_H

#if defined(_WIN32)
#  if defined(VELA_BUILDING_SHARED)
#    define VELA_API __declspec(dllexport)
#  else
#    define VELA_API
#  endif
#else
#  define VELA_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#  define VELA_BEGIN_DECLS extern "C" {
#  define VELA_END_DECLS }
#else
#  define VELA_BEGIN_DECLS
#  define VELA_END_DECLS
#endif

#endif
