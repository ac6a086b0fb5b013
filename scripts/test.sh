#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, native build + tests, then the
# WebAssembly components and their Node tests (when the wasm build is present).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$*"; }

step "set-up"
bash scripts/setup.sh --wasm

step "native build"
cmake --preset native
cmake --build --preset native

step "native tests"
ctest --preset native

if [ -f adapters/wit/CMakeLists.txt ] && grep -q '"wasm"' CMakePresets.json; then
  step "wasm build"
  cmake --preset wasm
  cmake --build --preset wasm
  step "component tests"
  ctest --test-dir build/wasm --output-on-failure
fi
