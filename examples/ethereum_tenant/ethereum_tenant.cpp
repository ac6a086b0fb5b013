// Example Ethereum tenant (world `ethereum-tenant`): signs transactions (types 0-4), EIP-712
// typed data and EIP-7702 authorizations with operator keys it never holds.
//
//   run-task({timestamp, request}) -> result<list<u8>, string>
//     request: one JSON request or a JSON array of them (ethereum/requests.hpp, docs/COMPONENTS.md):
//       {"op":"sign-tx","path":"m/44'/60'/0'/0/0","tx":{...}}
//       {"op":"sign-typed-data","typedData":{types, primaryType, domain, message}}
//       {"op":"sign-authorization","chainId":1,"address":"0x...","nonce":0}
//       {"op":"recover-tx","raw":"0x..."}   {"op":"address"}
//     ok:  the answer, the same JSON as `isolated-crypto request` (and the CLI's commands)
//     err: what is wrong with a single request, naming the field ("tx.nonce: ...")
//
// Keys: mnemonic-provider.get-mnemonic -> to-seed("") -> to-master-key(none) once per task,
// then each request's path (default m/44'/60'/0'/0/0) -> into-secp256k1-ecdsa-key, all
// handles of the engine component; each path is derived once per task. The request code
// is the SDK's (isolated_crypto::ethereum::requests over signing_key), shared with the
// CLI; `public_engine` supplies only public maths (Keccak-256, decompression, recovery).
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <isolated_crypto/bip32_path.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/ethereum.hpp>
#include <isolated_crypto/ethereum/requests.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>
#include <isolated_crypto/wit/bindings/lay3r_avs.hpp>
#include <isolated_crypto/wit/imported_key.hpp>
#include <isolated_crypto/wit/wit.hpp>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace sdk = isolated_crypto;
namespace eth = isolated_crypto::ethereum;

namespace {

/// Public maths only (Keccak-256, decompression, recovery); never holds a secret.
using public_engine = sdk::engines::libsecp256k1;

/// Keys by path for one task: the master node from the mnemonic provider (fetched on the
/// first signing request), then each path's key and address, derived once.
class task_keys {
 public:
  eth::requests::key_lookup<wit::imported_ecdsa_key> operator()(std::string_view path_text) {
    auto it = keys_.find(std::string(path_text));
    if (it == keys_.end()) it = keys_.emplace(std::string(path_text), derive(path_text)).first;
    const entry& e = it->second;
    return {e.key ? &*e.key : nullptr, e.address, e.error};
  }

 private:
  struct entry {
    std::optional<wit::imported_ecdsa_key> key;
    eth::address address{};
    std::string error;
  };

  entry derive(std::string_view path_text) {
    entry e;
    auto path = sdk::bip32::parse_path(path_text);
    if (!path) {
      e.error = "path: " + sdk::describe(path.err());
      return e;
    }
    if (!master()) {
      e.error = master_error_;
      return e;
    }
    auto key = wit::derive_imported_key(master_->borrow(), path->indices);
    auto address = eth::address_of_key<public_engine>(key);
    if (!address) {
      e.error = "address: " + sdk::describe(address.err());
      return e;
    }
    e.address = *address;
    e.key.emplace(std::move(key));
    return e;
  }

  /// The master node handle, fetched once. Errors (master_error_): the provider's message.
  bool master() {
    if (master_ || !master_error_.empty()) return master_.has_value();
    auto mnemonic = ic::get_mnemonic();
    if (!mnemonic) {
      master_error_ = "mnemonic provider: " + std::string(mnemonic.error().view());
      return false;
    }
    auto seed = ic::bip39::mnemonic_to_seed(mnemonic.value().borrow(), "");
    mnemonic = wit::err(wit::string());  // drop the mnemonic handle
    master_.emplace(ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt));
    return true;
  }

  std::optional<wit::own<ic::bip32::node>> master_;
  std::string master_error_;
  std::map<std::string, entry> keys_;
};

}  // namespace

wit::avs::output run_task(wit::avs::task_queue_input input) {
  const std::string_view text(reinterpret_cast<const char*>(input.request.data()), input.request.size());
  task_keys keys;
  const auto answer = eth::requests::run_requests<public_engine>(keys, text);
  if (!answer.json) return wit::err(wit::string::copy_of(answer.error));
  const std::string& j = *answer.json;
  return wit::ok(wit::list<std::uint8_t>::copy_of(std::span(reinterpret_cast<const std::uint8_t*>(j.data()), j.size())));
}
ISOLATED_CRYPTO_WIT_EXPORT("run-task", &run_task)
