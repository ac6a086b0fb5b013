#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, native build + tests, then the
# WebAssembly components and their tests on jco and wasmtime (when the wasm build is present).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$*"; }

step "set-up"
bash scripts/setup.sh --wasm

step "native build"
cmake --preset native
cmake --build --preset native

step "native tests"
# The ethers differential (CTest ethers_differential) needs the pinned Node packages.
[ -d adapters/wit/host/node_modules/ethers ] || (cd adapters/wit/host && npm ci --no-audit --no-fund)
ctest --preset native

# Security checks (tests/ctime runs inside "native tests" as CTest "ctime").
step "fuzzing (libFuzzer, 20 s per target; tests/fuzz/run.sh 60 for a longer run)"
bash tests/fuzz/run.sh 20

step "sanitizers (ASan + UBSan)"
# (GCC 12's -Wmaybe-uninitialized false positives in std::regex under ASan stay warnings
# in this preset only.)
cmake --preset asan
cmake --build --preset asan
IC_DIFFERENTIAL_CASES=${IC_DIFFERENTIAL_CASES:-400} ctest --preset asan --label-exclude 'compile_fail|consumer'

if [ -f adapters/wit/CMakeLists.txt ] && grep -q '"wasm"' CMakePresets.json; then
  step "wasm build"
  cmake --preset wasm
  cmake --build --preset wasm
  step "component tests (jco and wasmtime; ctest -L wasmtime for the wasmtime ones)"
  ctest --test-dir build/wasm --output-on-failure
fi
