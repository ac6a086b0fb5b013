#!/usr/bin/env bash
# Fetches the Debian source packages that the wasm build compiles itself (no build here).
#   scripts/fetch-wasm-sources.sh [DIR]      default DIR: build/wasm/_src
# For each package, `apt-get source` extracts DIR/<pkg>-<version>/ (Debian patches applied)
# and a stable link DIR/<name> points at it. Idempotent: a package whose link already
# resolves to a directory is skipped. Needs deb-src entries and dpkg-dev (scripts/setup.sh --wasm).
set -euo pipefail

dir=${1:-build/wasm/_src}
mkdir -p "$dir"
cd "$dir"

# stable name : Debian source package
pkgs=(secp256k1:libsecp256k1 cryptopp:libcrypto++)

for entry in "${pkgs[@]}"; do
  name=${entry%%:*} src=${entry#*:}
  if [ -d "$name/" ]; then
    echo "fetch-wasm-sources: $src present ($(readlink "$name"))"
    continue
  fi
  log=$name.apt-get.log
  # No link means no finished fetch: drop leftovers of an interrupted one, then unpack anew
  # into ./<src>-<upstream version>.
  rm -rf -- "$src"-*/ "$src"_*
  if ! apt-get source -qq "$src" >"$log" 2>&1; then
    cat "$log" >&2
    echo "fetch-wasm-sources: 'apt-get source $src' failed (deb-src entry missing? run scripts/setup.sh --wasm)" >&2
    exit 1
  fi
  unpacked=$(ls -d -- "$src"-*/ | head -n1)
  ln -sfn "${unpacked%/}" "$name"
  echo "fetch-wasm-sources: $src fetched into $dir/${unpacked%/}"
done
