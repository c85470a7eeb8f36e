#!/usr/bin/env bash
# Installs what building and testing kiln needs on Debian 12, skipping what
# is already there.  Sourced by tools/quickstart and tools/test.
set -euo pipefail

KILN_DEBS=(
  meson ninja-build pkg-config gcc
  llvm-19-dev clang-19 lld-19            # back end; wasm test fixtures
  wasi-libc libclang-rt-19-dev-wasm32    # clang-19 --target=wasm32-wasi
  wabt                                   # wat2wasm, wast2json, peers
  libffi-dev libcjson-dev libcurl4-openssl-dev   # libcurl: wasi:http client
  libjemalloc-dev                        # kiln's allocator (compile time)
  wrk                                    # bench/http_load.py
  nodejs npm                             # node:wasi reference for C tests
  python3
)

# The cross tier (tools/test --cross, suites 'cross' and 'baremetal'):
# Debian's cross compilers and C libraries for the Linux targets of `kiln
# targets`, and qemu-user to run what kiln builds for them; arm-none-eabi
# gcc with newlib and qemu-system-arm for the bare-metal Cortex-M targets.
KILN_CROSS_DEBS=(
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  qemu-user
  # bare-metal Cortex-M (suite 'baremetal'): compiler, newlib, QEMU's MPS2
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
)

kiln_install_cross_deps() {
  local missing=()
  for p in "${KILN_CROSS_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "kiln: installing Debian packages for the cross tier: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

kiln_install_deps() {
  local missing=()
  for p in "${KILN_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  # Node may come from elsewhere than Debian (it is preinstalled on some
  # machines); only ask apt for it when there is no node at all.
  if command -v node >/dev/null 2>&1; then
    local keep=()
    for p in "${missing[@]}"; do
      [[ "$p" == nodejs || "$p" == npm ]] || keep+=("$p")
    done
    missing=("${keep[@]}")
  fi
  if ((${#missing[@]})); then
    echo "kiln: installing Debian packages: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
  if [[ -f tests/package.json && ! -d tests/node_modules ]]; then
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
