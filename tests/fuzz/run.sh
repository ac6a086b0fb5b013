#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++-19, -fsanitize=fuzzer,address,undefined) into
# build/fuzz and runs each for SECONDS (default 60) from its committed seed corpus in
# tests/fuzz/corpus/<target>/ (new inputs go to build/fuzz/corpus/<target>/, crash
# reproducers to build/fuzz/artifacts/). Fails on any crash, sanitizer report or leak.
#   tests/fuzz/run.sh            60 s per target (longer local run)
#   tests/fuzz/run.sh 20         what scripts/test.sh runs
#   tests/fuzz/run.sh 20 der     only the named targets
# Targets run two at a time (CI has 2 cores). Reproduce a crash with
#   build/fuzz/fuzz_<target> build/fuzz/artifacts/<target>/crash-...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}; shift || true
all=(mnemonic path encoding der pubkey ethereum abi_lift rlp typed_data policy)
targets=("$@"); [ "${#targets[@]}" -gt 0 ] || targets=("${all[@]}")
cxx=${IC_FUZZ_CXX:-clang++-19}
out=$root/build/fuzz
mkdir -p "$out"
command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (scripts/setup.sh --wasm installs clang-19)"; exit 1; }

flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I"$root/include" -I"$root/adapters/wit/include")
libs=(-lsecp256k1 -lcryptopp -lcrypto)
build_one() {
  local t=$1 bin=$out/fuzz_$1 src=$root/tests/fuzz/fuzz_$1.cpp
  # Rebuild when any source or header is newer than the binary.
  if [ -x "$bin" ] && [ -z "$(find "$root/include" "$root/adapters/wit/include" "$root/tests/fuzz" \
                                -newer "$bin" -name '*.[ch]pp' -print -quit)" ]; then return 0; fi
  "$cxx" "${flags[@]}" "$src" -o "$bin.tmp" "${libs[@]}" && mv "$bin.tmp" "$bin"
}
echo "fuzz: building ${#targets[@]} target(s) with $cxx"
pids=()
for t in "${targets[@]}"; do
  build_one "$t" & pids+=($!)
  if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done

run_one() {
  local t=$1 log=$out/fuzz_$1.log extra=()
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  # The ABI target: a canonical-ABI trap (SIGILL) is the specified result for bad input,
  # caught in the target; its lifted std::strings are abandoned by the longjmp (no leak check).
  [ "$t" = abi_lift ] && extra=(-handle_ill=0 -detect_leaks=0)
  set +e
  ASAN_OPTIONS=${extra:+detect_leaks=0} UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$out/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
    -rss_limit_mb=2048 -timeout=25 -artifact_prefix="$out/artifacts/$t/" "${extra[@]}" \
    "$out/corpus/$t" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  echo $? >"$log.rc"
  set -e
}
pids=()
for t in "${targets[@]}"; do
  run_one "$t" & pids+=($!)
  if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done

fail=0
for t in "${targets[@]}"; do
  log=$out/fuzz_$t.log rc=$(cat "$out/fuzz_$t.log.rc")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(ls "$out/artifacts/$t" 2>/dev/null | wc -l)
  if [ "$rc" = 0 ] && [ "$crashes" = 0 ]; then
    echo "fuzz $t: ${runs:-?} runs, 0 crashes (${secs}s)"
  else
    echo "fuzz $t: ${runs:-?} runs, CRASH (exit $rc, $crashes artifact(s) in build/fuzz/artifacts/$t); log tail:"
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==|#[0-9]+ 0x' "$log" | head -30
    fail=1
  fi
done
exit $fail
