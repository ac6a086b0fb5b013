// Component `isolated-crypto-engine` (world `engine` of mrnerdhair:isolated-crypto@0.14.0):
// a thin adapter from the canonical ABI to the native handle API with engine
// isolated_crypto::engines::libsecp256k1 (Crypto++ hashes, libsecp256k1, the SDK's NFKD tables).
// No crypto here. Each WIT resource's rep is a heap object holding the native handle;
// [dtor] deletes it and the native handle wipes its secrets.
//
// Errors: mnemonic.new returns err(describe(error)) (a code and a word position, never
// the words). Every other native error has no WIT representation and traps
// (invalid_master_key, derivation_exhausted, signing_failed, invalid_utf8 of a passphrase).
// A u256be argument of a length other than 32 traps (the ABI layer checks it).
#include <isolated_crypto/ecdsa_key.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/mnemonic.hpp>
#include <isolated_crypto/node.hpp>
#include <isolated_crypto/seed.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_types.hpp>
#include <isolated_crypto/wit/wit.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <utility>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace sdk = isolated_crypto;
using E = isolated_crypto::engines::libsecp256k1;

struct key_impl;
struct seed_impl;
struct node_impl;
struct mnemonic_impl;
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(key_impl, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "ecdsa-key")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(seed_impl, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "seed")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(node_impl, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "node")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(mnemonic_impl, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "mnemonic")

namespace {
using signed_digest = std::tuple<ic::signature, ic::recovery_id>;

/// A native error the WIT cannot express: stop this instance.
[[noreturn]] void trap() noexcept { __builtin_trap(); }

template <class T>
T unwrap(sdk::result<T>&& r) noexcept {
  if (!r) trap();
  return std::move(*r);
}

ic::u256be to_wit(const std::array<std::byte, 32>& b) noexcept {
  ic::u256be out{};
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(b[i]);
  return out;
}

ic::compressed_point to_wit(const sdk::compressed_point& p) noexcept { return {to_wit(p.x), p.y_odd}; }

signed_digest to_wit(const sdk::recoverable_signature& s) noexcept {
  ic::recovery_id id = ic::recovery_id::none;
  if (s.recid.y_odd) id = id | ic::recovery_id::is_y_odd;
  if (s.recid.x_reduced) id = id | ic::recovery_id::is_x_reduced;
  return {ic::signature{to_wit(s.sig.r), to_wit(s.sig.s)}, id};
}
}  // namespace

struct key_impl {
  explicit key_impl(sdk::ecdsa_key<E>&& k) noexcept : key(std::move(k)) {}
  sdk::ecdsa_key<E> key;

  ic::compressed_point get_public_key() const { return to_wit(key.public_key()); }

  signed_digest sign(ic::digest_algorithm256 alg, std::span<const std::uint8_t> message,
                     std::optional<std::uint32_t> counter) const {
    const auto a = alg == ic::digest_algorithm256::keccak256 ? sdk::digest_algorithm::keccak256 : sdk::digest_algorithm::sha256;
    return to_wit(unwrap(key.sign(a, std::as_bytes(message), counter)));
  }

  signed_digest sign_raw(std::span<const std::uint8_t, 32> digest, std::optional<std::uint32_t> counter) const {
    sdk::u256be d{};
    for (std::size_t i = 0; i < 32; ++i) d[i] = static_cast<std::byte>(digest[i]);
    return to_wit(unwrap(key.sign_raw(d, counter)));
  }
};

struct node_impl {
  explicit node_impl(sdk::node<E>&& n) noexcept : node(std::move(n)) {}
  sdk::node<E> node;

  ic::compressed_point get_public_key() const { return to_wit(node.public_key()); }
  ic::u256be get_chain_code() const { return to_wit(node.get_chain_code()); }
  wit::own<node_impl> derive(std::uint32_t index) const { return wit::own<node_impl>::make(unwrap(node.derive(index))); }
  wit::own<node_impl> clone() const { return wit::own<node_impl>::make(node.clone()); }
  // The WIT lends the node (borrow): the key comes from a copy, the node stays usable.
  wit::own<key_impl> into_secp256k1_ecdsa_key() const {
    return wit::own<key_impl>::make(node.clone().into_ecdsa_key());
  }
};

struct seed_impl {
  explicit seed_impl(sdk::seed<E>&& s) noexcept : seed(std::move(s)) {}
  sdk::seed<E> seed;

  wit::own<node_impl> to_master_key(std::optional<wit::list<std::uint8_t>> hmac_key) const {
    if (!hmac_key) return wit::own<node_impl>::make(unwrap(seed.to_master_key()));
    return wit::own<node_impl>::make(unwrap(seed.to_master_key(std::as_bytes(hmac_key->span()))));
  }
};

struct mnemonic_impl {
  explicit mnemonic_impl(sdk::mnemonic<E>&& m) noexcept : mnemonic(std::move(m)) {}
  sdk::mnemonic<E> mnemonic;

  // `words` is wiped when it goes out of scope (secret_string); the error text is
  // describe(error): a code and a word position, never a word.
  static wit::result<wit::own<mnemonic_impl>, wit::string> create(wit::secret_string words) {
    auto m = sdk::mnemonic<E>::parse(words.view());
    if (!m) return wit::err(wit::string::copy_of(sdk::describe(m.err())));
    return wit::ok(wit::own<mnemonic_impl>::make(std::move(*m)));
  }

  wit::own<seed_impl> to_seed(wit::secret_string passphrase) const {
    return wit::own<seed_impl>::make(unwrap(mnemonic.to_seed(passphrase.view())));
  }
};

#define SECP ISOLATED_CRYPTO_WIT_IFACE("secp256k1") "#"
#define BIP32 ISOLATED_CRYPTO_WIT_IFACE("bip32") "#"
#define BIP39 ISOLATED_CRYPTO_WIT_IFACE("bip39") "#"
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.get-public-key", &key_impl::get_public_key)
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.sign", &key_impl::sign)
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.sign-raw", &key_impl::sign_raw)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]seed.to-master-key", &seed_impl::to_master_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.get-public-key", &node_impl::get_public_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.get-chain-code", &node_impl::get_chain_code)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.derive", &node_impl::derive)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.clone", &node_impl::clone)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.into-secp256k1-ecdsa-key", &node_impl::into_secp256k1_ecdsa_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP39 "[static]mnemonic.new", &mnemonic_impl::create)
ISOLATED_CRYPTO_WIT_EXPORT(BIP39 "[method]mnemonic.to-seed", &mnemonic_impl::to_seed)
