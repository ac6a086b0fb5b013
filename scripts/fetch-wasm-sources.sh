#!/usr/bin/env bash
# Fetches the Debian source packages that the wasm build compiles itself (no build here).
#   scripts/fetch-wasm-sources.sh [DIR]      default DIR: build/wasm/_src
# For each package, `apt-get source` extracts DIR/<pkg>-<version>/ (Debian patches applied)
# and a stable link DIR/<name> points at it. Idempotent: a package whose link already
# resolves to the expected directory is skipped. Needs deb-src entries and dpkg-dev
# (scripts/setup.sh --wasm).
#
# A package pinned to another Debian suite (entry name:pkg=version@suite) is fetched with a
# private apt configuration under DIR/.apt-<suite>: the system's own `deb` URI and keyring
# with only the suite swapped. The system's apt configuration is not touched.
set -euo pipefail

dir=${1:-build/wasm/_src}
mkdir -p "$dir"
cd "$dir"

# stable name : Debian source package [= version @ suite]
#   libsecp256k1 0.5.0 (suite trixie): multi-comb signing, faster than bookworm's 0.2.0.
pkgs=(secp256k1:libsecp256k1=0.5.0-2@trixie cryptopp:libcrypto++)

# The system's main Debian `deb` URI and keyring (deb822 or one-line format).
system_debian_uri() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ]; then
    sed -n '/^Types: deb$/,/^$/p' "$f" | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | grep -v -- '-security' | head -n1
  else
    grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -n1 \
      | sed 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\).*/\2/'
  fi
}

# Private apt options for SUITE (index fetched once, then reused).
apt_opts_for_suite() {
  local suite=$1 root
  root=$PWD/.apt-$suite
  local uri keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  uri=$(system_debian_uri)
  if [ -z "$uri" ]; then
    echo "fetch-wasm-sources: no Debian 'deb' entry found to derive the $suite source URI from" >&2
    return 1
  fi
  mkdir -p "$root/lists/partial" "$root/cache/archives/partial"
  echo "deb-src [signed-by=$keyring] $uri $suite main" >"$root/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$root/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$root/lists" -o "Dir::Cache=$root/cache")
  if ! ls "$root/lists/"*_Sources* >/dev/null 2>&1; then
    apt-get "${apt_opts[@]}" update -qq >"$root/update.log" 2>&1 || { cat "$root/update.log" >&2; return 1; }
  fi
}

for entry in "${pkgs[@]}"; do
  name=${entry%%:*} spec=${entry#*:}
  src=${spec%%=*} version='' suite=''
  if [ "$spec" != "$src" ]; then
    version=${spec#*=} version=${version%%@*}
    [ "${spec#*@}" != "$spec" ] && suite=${spec#*@}
  fi
  # Upstream version: no epoch, no Debian revision.
  upstream=${version#*:} upstream=${upstream%-*}
  if [ -d "$name/" ] && { [ -z "$version" ] || [ "$(readlink "$name")" = "$src-$upstream" ]; }; then
    echo "fetch-wasm-sources: $src present ($(readlink "$name"))"
    continue
  fi
  apt_opts=()
  if [ -n "$suite" ] && ! apt_opts_for_suite "$suite"; then
    echo "fetch-wasm-sources: cannot read the $suite source index" >&2
    exit 1
  fi
  log=$name.apt-get.log
  # No (matching) link means no finished fetch: drop leftovers of an interrupted one or an
  # older pin, then unpack anew into ./<src>-<upstream version>.
  rm -rf -- "$src"-*/ "$src"_*
  if ! apt-get "${apt_opts[@]}" source -qq "$src${version:+=$version}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "fetch-wasm-sources: 'apt-get source $src${version:+=$version}' failed (deb-src entry missing? run scripts/setup.sh --wasm)" >&2
    exit 1
  fi
  unpacked=$(ls -d -- "$src"-*/ | head -n1)
  ln -sfn "${unpacked%/}" "$name"
  echo "fetch-wasm-sources: $src fetched into $dir/${unpacked%/}"
done
