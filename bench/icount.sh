#!/usr/bin/env bash
# Instructions per source pixel of vela's NEON kernels and their plain-C references on ARM64,
# counted under qemu with shared/tools/arm-icount (deterministic; see its README), one thread,
# 640x480 by default. Needs an ARM64 cross build:
#   cmake -S . -B /tmp/arm -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#         -DVELA_CUDA=OFF -DVELA_OPENCV=OFF && cmake --build /tmp/arm
#   bench/icount.sh /tmp/arm/bench/vela_icount ["rescale U8 linear 1/2" ...]
# Per call = count(REPS = 3) - count(REPS = 1), halved; per pixel: over the source's pixels.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
count=${ARM_ICOUNT:-$here/../../shared/tools/arm-icount/count.sh}
[ -x "$count" ] || count=/work/shared/tools/arm-icount/count.sh
prog=$1; shift
size=${SIZE:-640x480}
pixels=$(( ${size%x*} * ${size#*x} ))
if [ $# -eq 0 ]; then
  set --
  for f in U8 RGBA8; do
    for i in linear cubic area nearest; do for r in 1/2 1/4 x2; do set -- "$@" "rescale $f $i $r"; done; done
  done
  set -- "$@" "convert YUYV RGB8" "convert RGB8 U8" "pyramid U8" "pyramid RGBA8" "gaussian 3" "gaussian 5" "gaussian RGBA8 5" "box 3" "box 5" warp remap
fi
printf '%-28s %10s %10s %8s\n' case neon ref ref/neon
for c in "$@"; do
  per() { local a b; a=$("$count" "$prog" "$1" "$c" 1 "$size"); b=$("$count" "$prog" "$1" "$c" 3 "$size");
          awk -v a="$a" -v b="$b" -v p="$pixels" 'BEGIN { printf "%.3f", (b - a) / 2 / p }'; }
  n=$(per neon); r=$(per ref)
  printf '%-28s %10s %10s %7.1fx\n' "$c" "$n" "$r" "$(awk -v n="$n" -v r="$r" 'BEGIN { print r / n }')"
done
