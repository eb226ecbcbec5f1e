# Cross build for 64-bit ARM (the Jetson CPU) with Debian's gcc-aarch64-linux-gnu; ctest runs the
# programs under qemu-aarch64. Libraries for the target come from Debian's arm64 multiarch packages
# (check:arm64, libsubunit-dev:arm64), which bring libc6:arm64 with them. The programs run against
# that multiarch glibc (-L /): with -L /usr/aarch64-linux-gnu the cross glibc's loader finds the
# multiarch libraries of a slightly different glibc through ld.so.cache, and pthread_create hangs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
