#!/usr/bin/env bash
# vela's main job: installs what it needs, builds vela in Release and runs vela_bench, which prints
# its table and writes bench-results.json. Arguments go to vela_bench (e.g. --quick, --filter NV12).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
if [ -z "${CUDACXX:-}" ] && [ -x /usr/local/cuda/bin/nvcc ] && ! command -v nvcc >/dev/null; then
  export CUDACXX=/usr/local/cuda/bin/nvcc
fi
dir=${VELA_BUILD_DIR:-build}/release
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVELA_BUILD_TESTS=OFF >/dev/null
cmake --build "$dir" -j "$(nproc)" --target vela_bench
exec "$dir/bench/vela_bench" "$@"
