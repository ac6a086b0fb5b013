#!/usr/bin/env bash
# The isolated-crypto demo, from a fresh Debian 12 machine:
#
#   ./demo.sh [--runtime wasmtime|node] [--local] [--policy FILE [--audit FILE]] [MESSAGE]
#
# Builds everything it needs (first run: a few minutes), then runs the demo tenant
# component (examples/demo) in a host runner, linked with the engine and the mnemonic
# provider, each component with its own store and environment: the tenant signs MESSAGE
# with EIP-191 personal_sign using an operator key it never holds and publishes the
# signature to Etherscan's "verified signatures" (https://etherscan.io), printing the URL
# of the entry.
#
#   --runtime wasmtime   (default) adapters/wit/host/run.py on wasmtime, the runtime that
#             operator networks run components on
#   --runtime node       adapters/wit/host/run.mjs on Node (jco + preview2-shim)
#   --local   publish to a local Etherscan-compatible registry instead (the native CLI's
#             `isolated-crypto registry`), started here and stopped on exit; then fetch
#             the entry and print whether it verified. Works without network.
#   --policy FILE  run the tenant through the guard component with the operator policy
#             FILE (e.g. examples/policies/personal-sign-only.json); a denied operation
#             fails the task with "denied by policy: <rule>: <what>"
#   --audit FILE   (with --policy) append the guard's audit lines (one JSON object per
#             checked operation) to FILE, and print the ones of this run
#
# Environment: MNEMONIC (default: a well-known test mnemonic; given to the provider
# component only, never to the tenant), ETHERSCAN_BASE_URL (default https://etherscan.io).
# Build logs: build/demo-*.log (shown when a step fails).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

usage() {
  sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

local_registry=0
policy=""
audit=""
runtime=wasmtime
message=""
have_message=0
while [ $# -gt 0 ]; do
  case "$1" in
    --local) local_registry=1 ;;
    --runtime)
      [ $# -ge 2 ] || { echo "demo: --runtime needs wasmtime or node" >&2; exit 2; }
      runtime="$2"; shift ;;
    --runtime=*) runtime="${1#--runtime=}" ;;
    --policy|--audit)
      [ $# -ge 2 ] || { echo "demo: $1 needs a FILE" >&2; exit 2; }
      if [ "$1" = --policy ]; then policy="$2"; else audit="$2"; fi
      shift ;;
    -h|--help) usage 0 ;;
    --) shift; [ $# -gt 0 ] && { message="$1"; have_message=1; shift; }; break ;;
    -*) echo "demo: unknown option $1" >&2; usage 2 >&2 ;;
    *)
      if [ "$have_message" = 1 ]; then
        echo "demo: one MESSAGE only (quote it): ./demo.sh [--local] \"my message\"" >&2
        exit 2
      fi
      message="$1"; have_message=1 ;;
  esac
  shift
done
[ $# -eq 0 ] || { echo "demo: one MESSAGE only (quote it)" >&2; exit 2; }
[ "$have_message" = 1 ] || message='Example `personal_sign` message'
[ -z "$audit" ] || [ -n "$policy" ] || { echo "demo: --audit needs --policy" >&2; exit 2; }
[ -z "$policy" ] || [ -f "$policy" ] || { echo "demo: --policy $policy: no such file" >&2; exit 2; }
case "$runtime" in
  wasmtime) runner=(build/tools/bin/python adapters/wit/host/run.py) ;;
  node) runner=(node adapters/wit/host/run.mjs) ;;
  *) echo "demo: --runtime must be wasmtime or node, got $runtime" >&2; exit 2 ;;
esac

: "${MNEMONIC:=zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote}"

mkdir -p build
say() { printf 'demo: %s\n' "$*"; }

# run_step LOG DESCRIPTION COMMAND...: quiet, the log shown on failure.
run_step() {
  local log="$1" what="$2"
  shift 2
  say "$what"
  if ! "$@" >"$log" 2>&1; then
    echo "demo: FAILED: $what" >&2
    echo "----- last lines of $log -----" >&2
    tail -n 40 "$log" >&2
    echo "----- (full log: $log) -----" >&2
    exit 1
  fi
}

# ---- set-up -----------------------------------------------------------------------------
# setup.sh prints one progress line or two (and installs packages only when missing).
say "checking system packages and tools (scripts/setup.sh --wasm --no-wac)…"
if ! scripts/setup.sh --wasm --no-wac 2>build/demo-setup.log | sed 's/^/demo:   /'; then
  echo "demo: FAILED: scripts/setup.sh --wasm --no-wac" >&2
  tail -n 40 build/demo-setup.log >&2
  exit 1
fi

cli="build/native/examples/cli/isolated-crypto"
if [ "$local_registry" = 1 ]; then
  if [ ! -f examples/cli/CMakeLists.txt ]; then
    echo "demo: --local needs the native CLI (examples/cli), which this tree does not have" >&2
    exit 1
  fi
  run_step build/demo-native.log "building the native CLI with its local registry (first run: ~1 min)…" \
    bash -c 'cmake --preset native && cmake --build --preset native --target isolated-crypto'
fi

run_step build/demo-wasm.log "building components (first run: ~1 min)…" \
  bash -c 'cmake --preset wasm && cmake --build --preset wasm'

components=build/wasm/components
needed=(isolated-crypto-demo isolated-crypto-engine mnemonic-provider-env)
[ -z "$policy" ] || needed+=(isolated-crypto-guard)
for c in "${needed[@]}"; do
  if [ ! -f "$components/$c.wasm" ]; then
    echo "demo: $components/$c.wasm was not built (see build/demo-wasm.log)" >&2
    exit 1
  fi
done

# ---- local registry ---------------------------------------------------------------------
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  [ -n "${registry_fifo_dir:-}" ] && rm -rf "$registry_fifo_dir"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base="${ETHERSCAN_BASE_URL:-https://etherscan.io}"
if [ "$local_registry" = 1 ]; then
  registry_fifo_dir="$(mktemp -d)"
  mkfifo "$registry_fifo_dir/out"
  "$cli" registry --host 127.0.0.1 --port 0 >"$registry_fifo_dir/out" 2>build/demo-registry.log &
  registry_pid=$!
  exec 3<"$registry_fifo_dir/out"
  first_line=""
  if ! IFS= read -r -t 10 first_line <&3; then
    echo "demo: the local registry did not start: $(cat build/demo-registry.log)" >&2
    exit 1
  fi
  # Keep draining its stdout so it never blocks on a full pipe.
  cat <&3 >>build/demo-registry.log &
  exec 3<&-
  case "$first_line" in
    "registry: listening on "*) base="${first_line#registry: listening on }" ;;
    *) echo "demo: unexpected first line from the local registry: $first_line" >&2; exit 1 ;;
  esac
  say "local registry at $base"
fi
base="${base%/}"

# ---- the task ---------------------------------------------------------------------------
guard_args=()
audit_start=0
if [ -n "$policy" ]; then
  # The policy goes to the guard only; the signature window persists in build/ across runs.
  guard_args=(--guard "$components/isolated-crypto-guard.wasm" --policy "$policy"
              --tenant-name demo --rate-state build/demo-rate-state.json)
  if [ -n "$audit" ]; then
    guard_args+=(--audit "$audit")
    [ -f "$audit" ] && audit_start=$(wc -l <"$audit")
  fi
  say "through the guard with policy $policy${audit:+, audit to $audit}"
fi
print_audit() {
  if [ -n "$audit" ] && [ -f "$audit" ]; then
    say "audit lines of this run ($audit):"
    tail -n +"$((audit_start + 1))" "$audit"
  fi
}
say "signing in the tenant component ($runtime) and publishing to $base …"
export MNEMONIC
set +e
url="$("${runner[@]}" "${guard_args[@]}" \
  --tenant "$components/isolated-crypto-demo.wasm" \
  --engine "$components/isolated-crypto-engine.wasm" \
  --provider "$components/mnemonic-provider-env.wasm" \
  --provider-env MNEMONIC \
  --tenant-env "ETHERSCAN_BASE_URL=$base" \
  --input "$message" 2>build/demo-run.log)"
status=$?
set -e
if [ "$status" -ne 0 ] || [ -z "$url" ]; then
  # run.mjs / run.py: "tenant returned err: <message>" (status 1), a link/trap error (3) or
  # "run: denied by policy: <rule>: <what>" (4).
  sed -e 's/^tenant returned err: /demo: error: /' -e 's/^run: denied by policy: /demo: denied by policy: /' build/demo-run.log >&2
  print_audit
  exit 1
fi
echo "$url"
print_audit

if [ "$local_registry" = 1 ]; then
  json_url="$url?format=json"
  if command -v curl >/dev/null 2>&1; then
    entry="$(curl -fsS --max-time 10 "$json_url" 2>&1)" || entry=""
  else
    entry="$(node -e 'fetch(process.argv[1]).then(async (r) => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()); }, () => process.exit(1))' "$json_url")" || entry=""
  fi
  verified="$(printf '%s' "$entry" | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      try { const e = JSON.parse(s); console.log(e.verified === true ? "yes" : "no"); } catch { console.log("no"); }
    });')"
  echo "verified: $verified"
  [ "$verified" = yes ] || exit 1
fi
