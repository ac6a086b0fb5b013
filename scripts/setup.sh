#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test isolated-crypto.
# Idempotent: packages already present are skipped, apt runs only when something is missing.
#   scripts/setup.sh            native toolchain + libraries
#   scripts/setup.sh --wasm     also the clang-19 wasm32-wasi toolchain and deb-src entries, and
#                               the wasmtime tooling (scripts/setup-wasm-tools.sh: wasmtime-py,
#                               wasmtime CLI, wasm-tools, wac, the WASI 0.2.0 adapter and WIT)
#   scripts/setup.sh --wasm --no-wac   the same without building wac (composition tests only)
set -euo pipefail

want_wasm=0
tools_args=()
for a in "$@"; do
  case "$a" in
    --wasm) want_wasm=1 ;;
    --no-wac) tools_args+=(--no-wac) ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

native_pkgs=(g++ cmake ninja-build pkg-config libsecp256k1-dev libcrypto++-dev libboost-dev doctest-dev
  libcpp-httplib-dev libssl-dev libbenchmark-dev libutf8proc-dev nlohmann-json3-dev zlib1g-dev valgrind clang-19 libclang-rt-19-dev nodejs npm)
# llvm-19: llvm-ar-19/llvm-ranlib-19 (archives of wasm objects); dpkg-dev: apt-get source.
# python3-venv: the wasmtime tooling's venvs (scripts/setup-wasm-tools.sh).
wasm_pkgs=(clang-19 lld-19 wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32
  llvm-19 dpkg-dev python3-venv)

pkgs=("${native_pkgs[@]}")
[ "$want_wasm" = 1 ] && pkgs+=("${wasm_pkgs[@]}")

sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${pkgs[@]}"; do
  # node/npm may come from outside Debian's archive; a working binary is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    # python3 may come from outside Debian's archive too; one that makes venvs with pip is enough.
    python3-venv) python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "$want_wasm" = 1 ] && ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "setup: adding deb-src entries (needed by 'apt-get source' for the wasm build)"
  src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ]; then
    sed -n '/^Types: deb$/,/^$/p' "$src" | sed 's/^Types: deb$/Types: deb-src/' \
      | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/isolated-crypto-src.sources >/dev/null
  else
    grep -h '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
      | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/isolated-crypto-src.list >/dev/null
  fi
  need_update=1
fi

if [ "${#missing[@]}" -gt 0 ] || [ "${need_update:-0}" = 1 ]; then
  echo "setup: installing ${missing[*]:-(source lists only)}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  [ "${#missing[@]}" -gt 0 ] && "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: ok (${#pkgs[@]} packages present)"
[ "$want_wasm" = 1 ] && bash "$(dirname "$0")/setup-wasm-tools.sh" "${tools_args[@]}"
exit 0
