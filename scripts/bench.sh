#!/usr/bin/env bash
# Runs every benchmark on this machine in one go and regenerates docs/BENCHMARKS.md and
# docs/benchmarks-ratios.svg: native (Google Benchmark: SDK beside raw library calls and
# limit loops, every engine) and components per operation (Node: engine component beside
# noble/scure and ethers; wasmtime: the same operations), the signing task with fresh instances
# on both runtimes, one demo run's whole-process time on both host runners, and the
# components' size breakdown.
# Extra engine components: scripts/bench.sh --engine PATH [--engine PATH]...
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --wasm
cmake --preset native >/dev/null && cmake --build --preset native --target sdk_bench isolated_crypto_cli
cmake --preset wasm >/dev/null && cmake --build --preset wasm
mkdir -p build/bench
echo "bench: native (Google Benchmark, 5 repetitions)…"
./build/native/bench/sdk_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_format=json --benchmark_out=build/bench/native.json \
  --benchmark_out_format=json >/dev/null
echo "bench: components (Node)…"
engines=(--engine build/wasm/components/isolated-crypto-engine.wasm)
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engines+=(--engine "$2"); shift 2 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# The guard column: the guard component over the first engine (allow-everything policy, audit
# lines written to the null device), i.e. its overhead per operation.
node adapters/wit/host/bench.mjs "${engines[@]}" --guard build/wasm/components/isolated-crypto-guard.wasm \
  --samples 300 --json build/bench/components.json
echo "bench: to-seed beside 4,096 SHA-512 compressions in the same wasm build (jco, wasmtime)…"
node adapters/wit/host/bench-sha512-limit.mjs --samples 200 --json build/bench/sha512-limit-node.json
build/tools/bin/python adapters/wit/host/py/bench_sha512_limit.py --samples 200 --count --json build/bench/sha512-limit-wasmtime.json
echo "bench: signing task with fresh instances (Node)…"
node adapters/wit/host/bench-task.mjs "${engines[@]}" --tasks 300 --json build/bench/task-node.json
echo "bench: signing task with fresh instances (wasmtime)…"
build/tools/bin/python adapters/wit/host/py/bench_task.py "${engines[@]}" --guard build/wasm/components/isolated-crypto-guard.wasm \
  --tasks 300 --json build/bench/task-wasmtime.json
echo "bench: components (wasmtime), per operation…"
build/tools/bin/python adapters/wit/host/py/bench_ops.py "${engines[@]}" --samples 300 --json build/bench/ops-wasmtime.json
echo "bench: one demo run, whole process (run.py, run.mjs)…"
node adapters/wit/host/bench-process.mjs --runs 10 --json build/bench/process.json
node scripts/wasm_sizes.mjs build/wasm/components --json build/bench/sizes.json
node scripts/bench_report.mjs build/bench/native.json build/bench/components.json docs/BENCHMARKS.md docs/benchmarks-ratios.svg \
  build/bench/task-node.json build/bench/task-wasmtime.json build/bench/process.json build/bench/sizes.json \
  build/bench/ops-wasmtime.json build/bench/sha512-limit-node.json build/bench/sha512-limit-wasmtime.json
echo "bench: wrote docs/BENCHMARKS.md and docs/benchmarks-ratios.svg"
