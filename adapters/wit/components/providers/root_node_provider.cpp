// Component `root-node-provider` (world `root-node-provider-world`): the BIP32 node a
// tenant may use, derived inside the linked engine from this component's own WASI
// environment:
//   MNEMONIC        required; checked by the engine (imported bip39 `[static]mnemonic.new`)
//   PASSPHRASE      optional BIP39 passphrase (default "")
//   ROOT_NODE_PATH  required; "m/44'/60'/7'" (', h or H = hardened); "m" = the master
// The master comes from seed.to-master-key(none) ("Bitcoin seed"); every intermediate
// handle (mnemonic, seed, master, intermediate nodes) is dropped as soon as it is used.
// No key material passes through this component: only handles and the words/passphrase
// read from the environment block (passed without a copy; the engine wipes its copies).
#include <isolated_crypto/bip32_path.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>

#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;

namespace {
std::string_view env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string_view{} : std::string_view(v, std::strlen(v));
}

wit::result<wit::own<ic::bip32::node>, wit::string> get_root_node() {
  const std::string_view path_text = env("ROOT_NODE_PATH");
  if (path_text.empty()) return wit::err(wit::string::copy_of("ROOT_NODE_PATH is not set in the provider's environment"));
  // The path is not secret: it may appear in the message.
  auto path = isolated_crypto::bip32::parse_path(path_text);
  if (!path) {
    std::string msg = "ROOT_NODE_PATH \"";
    msg.append(path_text);
    msg += "\": ";
    msg += isolated_crypto::describe(path.err());
    return wit::err(wit::string::copy_of(msg));
  }
  const std::string_view words = env("MNEMONIC");
  if (words.empty()) return wit::err(wit::string::copy_of("MNEMONIC is not set in the provider's environment"));

  wit::own<ic::bip32::node> node;
  {
    auto mnemonic = ic::bip39::mnemonic_new(words);
    if (!mnemonic) return wit::err(std::move(mnemonic.error()));
    wit::own<ic::bip32::seed> seed = ic::bip39::mnemonic_to_seed(mnemonic.value().borrow(), env("PASSPHRASE"));
    node = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
  }  // mnemonic and seed handles dropped here
  for (const std::uint32_t index : path->indices) {
    node = ic::bip32::node_derive(node.borrow(), index);  // drops the parent
  }
  return wit::ok(std::move(node));
}
}  // namespace

ISOLATED_CRYPTO_WIT_EXPORT(ISOLATED_CRYPTO_WIT_IFACE("root-node-provider") "#get-root-node", &get_root_node)
