#!/usr/bin/env bash
# Installs what vela's build, tests and bench need on Debian 12, with apt-get, skipping what is
# already there. Usage: scripts/setup.sh [test|bench]
set -euo pipefail
what=${1:-test}

packages=(cmake ninja-build gcc g++ pkg-config check libsubunit-dev libsimde-dev libopencv-dev opencv-doc)
if [ "$what" = test ]; then
  packages+=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user-static check:arm64 libsubunit-dev:arm64)
fi

sudo=""
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if printf '%s\n' "${missing[@]}" | grep -q ':arm64'; then
    $sudo dpkg --add-architecture arm64
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
