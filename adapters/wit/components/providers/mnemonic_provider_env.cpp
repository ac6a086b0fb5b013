// Component `mnemonic-provider-env` (world `mnemonic-provider-world`): the operator's
// mnemonic from the environment variable MNEMONIC of this component's own WASI
// environment, as a handle of the linked engine (imported bip39 `[static]mnemonic.new`).
// The tenant never sees the words: it only receives the handle.
//
// The words are passed to the engine straight from the environment block (wasi-libc
// caches the environment at the first getenv and keeps it): this component makes no
// copy of its own, so there is nothing else to wipe. The engine wipes its copy.
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;

namespace {
wit::result<wit::own<ic::bip39::mnemonic>, wit::string> get_mnemonic() {
  const char* words = std::getenv("MNEMONIC");
  if (words == nullptr || *words == '\0') {
    return wit::err(wit::string::copy_of("MNEMONIC is not set in the provider's environment"));
  }
  // Error strings of the engine name a code and a word position, never a word.
  return ic::bip39::mnemonic_new(std::string_view(words, std::strlen(words)));
}
}  // namespace

ISOLATED_CRYPTO_WIT_EXPORT(ISOLATED_CRYPTO_WIT_IFACE("mnemonic-provider") "#get-mnemonic", &get_mnemonic)
