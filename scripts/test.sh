#!/usr/bin/env bash
# vela's test command: installs what it needs, then builds and runs the whole suite four ways:
#   1. x86-64, NEON kernels through SIMDe, CUDA compiled when nvcc exists (its tests skip, exit 77,
#      without a GPU), OpenCV parity;
#   2. the same build with the plain-C reference kernels forced (VELA_CPU_KERNELS=ref);
#   3. aarch64 cross build, every test under qemu-aarch64 (real NEON; Check without fork);
#   4. AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

jobs=$(nproc)
out=${VELA_BUILD_DIR:-build}
if [ -z "${CUDACXX:-}" ] && [ -x /usr/local/cuda/bin/nvcc ] && ! command -v nvcc >/dev/null; then
  export CUDACXX=/usr/local/cuda/bin/nvcc
fi

run() { echo; echo "=== $*"; "$@"; }
build() {  # build <dir> <cmake args...>
  local dir=$1; shift
  run cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  run cmake --build "$dir" -j "$jobs"
}
check() {  # check <dir> [ctest args...]
  local dir=$1; shift
  (cd "$dir" && run ctest --output-on-failure -j "$jobs" "$@")
}

build "$out/x86" -DCMAKE_BUILD_TYPE=RelWithDebInfo
check "$out/x86"
VELA_CPU_KERNELS=ref check "$out/x86" -L "unit|opencv"

build "$out/aarch64" -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVELA_CUDA=OFF -DVELA_OPENCV=OFF -DVELA_BUILD_BENCH=OFF
check "$out/aarch64"

build "$out/sanitize" -DCMAKE_BUILD_TYPE=Debug -DVELA_SANITIZE=ON -DVELA_CUDA=OFF -DVELA_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 check "$out/sanitize"

echo
echo "=== all test configurations passed"
