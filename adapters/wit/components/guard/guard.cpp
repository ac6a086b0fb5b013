// Component `isolated-crypto-guard` (world `guard` of isolated-crypto:guard@0.1.0): plugs
// between any tenant and any engine of mrnerdhair:isolated-crypto@0.14.0. It imports the
// engine's interfaces (and the two providers, which link straight to the engine) and exports
// the same ones; each exported resource wraps the engine's handle. Calls the operator's
// policy allows are forwarded unchanged (same arguments, the engine's results as they are);
// derive, get-chain-code, sign and sign-raw are checked and audited first (gate.hpp).
//
// Path confinement is relative to the root the tenant received: the node of
// root-node-provider.get-root-node, or the master of a mnemonic (to-seed, to-master-key).
// A guard node carries its path below that root; derive checks the child's path, and the
// decision's `what` names it ("44'/60'/0'"), so derive/get-chain-code audit lines carry it.
//
// Secrets: none pass through here except a mnemonic or passphrase a tenant hands to
// mnemonic.new / to-seed (secret_string: wiped when the call returns). The guard never sees
// a private key; its audit lines hold public keys, addresses, digests and classifications.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/ethereum/address.hpp>
#include <isolated_crypto/hex.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>
#include <isolated_crypto/wit/wit.hpp>

#include "gate.hpp"

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace sdk = isolated_crypto;
namespace pol = isolated_crypto::policy;
using isolated_crypto::guard::gate;
using isolated_crypto::guard::public_engine;

struct guard_key;
struct guard_seed;
struct guard_node;
struct guard_mnemonic;
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(guard_key, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "ecdsa-key")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(guard_seed, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "seed")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(guard_node, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "node")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(guard_mnemonic, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "mnemonic")

namespace {
using signed_digest = std::tuple<ic::signature, ic::recovery_id>;
using bip32_path = std::vector<std::uint32_t>;

sdk::digest_algorithm to_sdk(ic::digest_algorithm256 alg) noexcept {
  return alg == ic::digest_algorithm256::keccak256 ? sdk::digest_algorithm::keccak256 : sdk::digest_algorithm::sha256;
}

std::string hex_of(std::span<const std::uint8_t> b) { return "0x" + sdk::hex::encode(std::as_bytes(b)); }

/// "0x02…" (33-byte SEC1) and the Ethereum address of a public key; empty if not a curve point.
std::pair<std::string, std::string> describe_key(const ic::compressed_point& p) {
  sdk::compressed_point c{};
  for (std::size_t i = 0; i < 32; ++i) c.x[i] = static_cast<std::byte>(p.x[i]);
  c.y_odd = p.is_y_odd;
  std::uint8_t sec1[33];
  sec1[0] = p.is_y_odd ? 3 : 2;
  for (std::size_t i = 0; i < 32; ++i) sec1[1 + i] = p.x[i];
  auto point = sdk::secp256k1::decompress<public_engine>(c);
  if (!point) return {hex_of(sec1), {}};
  return {hex_of(sec1), sdk::ethereum::to_checksum_address<public_engine>(sdk::ethereum::address_of<public_engine>(*point))};
}
}  // namespace

struct guard_key {
  explicit guard_key(wit::own<ic::secp256k1::ecdsa_key>&& k) noexcept : inner(std::move(k)) {}
  wit::own<ic::secp256k1::ecdsa_key> inner;
  mutable std::optional<std::pair<std::string, std::string>> identity;  // public key, address

  ic::compressed_point get_public_key() const { return ic::secp256k1::ecdsa_key_get_public_key(inner.borrow()); }

  signed_digest sign(ic::digest_algorithm256 alg, std::span<const std::uint8_t> message, std::optional<std::uint32_t> counter) const {
    pol::audit_record rec = record("sign");
    rec.verdict = gate::get().policy().check_sign(to_sdk(alg), std::as_bytes(message), rec.what);
    const sdk::u256be digest = public_engine::hash(to_sdk(alg), std::as_bytes(message));
    rec.digest_hex = "0x" + sdk::hex::encode(digest);
    gate::get().limit_rate(rec.verdict);
    gate::get().enforce(std::move(rec));
    return ic::secp256k1::ecdsa_key_sign(inner.borrow(), alg, message, counter);
  }

  signed_digest sign_raw(std::span<const std::uint8_t, 32> digest, std::optional<std::uint32_t> counter) const {
    pol::audit_record rec = record("sign-raw");
    rec.verdict = gate::get().policy().check_sign_raw(std::as_bytes(std::span<const std::uint8_t>(digest)), rec.what);
    rec.digest_hex = hex_of(digest);
    gate::get().limit_rate(rec.verdict);
    gate::get().enforce(std::move(rec));
    return ic::secp256k1::ecdsa_key_sign_raw(inner.borrow(), digest, counter);
  }

 private:
  /// An audit record naming this key (its public key is asked for once).
  pol::audit_record record(const char* operation) const {
    if (!identity) identity = describe_key(get_public_key());
    pol::audit_record rec{};
    rec.operation = operation;
    rec.public_key = identity->first;
    rec.address = identity->second;
    return rec;
  }
};

struct guard_node {
  guard_node(wit::own<ic::bip32::node>&& n, bip32_path p) noexcept : inner(std::move(n)), path(std::move(p)) {}
  wit::own<ic::bip32::node> inner;
  bip32_path path;  // below the root the tenant received

  ic::compressed_point get_public_key() const { return ic::bip32::node_get_public_key(inner.borrow()); }

  ic::u256be get_chain_code() const {
    pol::audit_record rec{};
    rec.operation = "get-chain-code";
    rec.verdict = gate::get().policy().check_get_chain_code(path);
    gate::get().enforce(std::move(rec));
    return ic::bip32::node_get_chain_code(inner.borrow());
  }

  wit::own<guard_node> derive(std::uint32_t index) const {
    bip32_path child = path;
    child.push_back(index);
    pol::audit_record rec{};
    rec.operation = "derive";
    rec.verdict = gate::get().policy().check_derive(child);
    gate::get().enforce(std::move(rec));
    return wit::own<guard_node>::make(ic::bip32::node_derive(inner.borrow(), index), std::move(child));
  }

  wit::own<guard_node> clone() const { return wit::own<guard_node>::make(ic::bip32::node_clone(inner.borrow()), path); }

  wit::own<guard_key> into_secp256k1_ecdsa_key() const {
    return wit::own<guard_key>::make(ic::bip32::node_into_secp256k1_ecdsa_key(inner.borrow()));
  }
};

struct guard_seed {
  explicit guard_seed(wit::own<ic::bip32::seed>&& s) noexcept : inner(std::move(s)) {}
  wit::own<ic::bip32::seed> inner;

  /// The master is the root of a tenant that holds a mnemonic.
  wit::own<guard_node> to_master_key(std::optional<wit::list<std::uint8_t>> hmac_key) const {
    std::optional<std::span<const std::uint8_t>> key;
    if (hmac_key) key = hmac_key->span();
    return wit::own<guard_node>::make(ic::bip32::seed_to_master_key(inner.borrow(), key), bip32_path{});
  }
};

struct guard_mnemonic {
  explicit guard_mnemonic(wit::own<ic::bip39::mnemonic>&& m) noexcept : inner(std::move(m)) {}
  wit::own<ic::bip39::mnemonic> inner;

  static wit::result<wit::own<guard_mnemonic>, wit::string> create(wit::secret_string words) {
    auto m = ic::bip39::mnemonic_new(words.view());
    if (!m) return wit::err(std::move(m.error()));
    return wit::ok(wit::own<guard_mnemonic>::make(std::move(m.value())));
  }

  wit::own<guard_seed> to_seed(wit::secret_string passphrase) const {
    return wit::own<guard_seed>::make(ic::bip39::mnemonic_to_seed(inner.borrow(), passphrase.view()));
  }
};

namespace {
wit::result<wit::own<guard_mnemonic>, wit::string> get_mnemonic() {
  auto m = ic::get_mnemonic();
  if (!m) return wit::err(std::move(m.error()));
  return wit::ok(wit::own<guard_mnemonic>::make(std::move(m.value())));
}

/// The provider's node is the root the tenant received: path confinement starts here.
wit::result<wit::own<guard_node>, wit::string> get_root_node() {
  auto n = ic::get_root_node();
  if (!n) return wit::err(std::move(n.error()));
  return wit::ok(wit::own<guard_node>::make(std::move(n.value()), bip32_path{}));
}

/// control.check-policy: the host calls it before the tenant runs.
wit::result<wit::unit, wit::string> check_policy() {
  const auto& error = gate::get().load();
  if (error) return wit::err(wit::string::copy_of(*error));
  return wit::ok(wit::unit{});
}
}  // namespace

#define SECP ISOLATED_CRYPTO_WIT_IFACE("secp256k1") "#"
#define BIP32 ISOLATED_CRYPTO_WIT_IFACE("bip32") "#"
#define BIP39 ISOLATED_CRYPTO_WIT_IFACE("bip39") "#"
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.get-public-key", &guard_key::get_public_key)
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.sign", &guard_key::sign)
ISOLATED_CRYPTO_WIT_EXPORT(SECP "[method]ecdsa-key.sign-raw", &guard_key::sign_raw)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]seed.to-master-key", &guard_seed::to_master_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.get-public-key", &guard_node::get_public_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.get-chain-code", &guard_node::get_chain_code)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.derive", &guard_node::derive)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.clone", &guard_node::clone)
ISOLATED_CRYPTO_WIT_EXPORT(BIP32 "[method]node.into-secp256k1-ecdsa-key", &guard_node::into_secp256k1_ecdsa_key)
ISOLATED_CRYPTO_WIT_EXPORT(BIP39 "[static]mnemonic.new", &guard_mnemonic::create)
ISOLATED_CRYPTO_WIT_EXPORT(BIP39 "[method]mnemonic.to-seed", &guard_mnemonic::to_seed)
ISOLATED_CRYPTO_WIT_EXPORT(ISOLATED_CRYPTO_WIT_IFACE("mnemonic-provider") "#get-mnemonic", &get_mnemonic)
ISOLATED_CRYPTO_WIT_EXPORT(ISOLATED_CRYPTO_WIT_IFACE("root-node-provider") "#get-root-node", &get_root_node)
ISOLATED_CRYPTO_WIT_EXPORT("isolated-crypto:guard/control@0.1.0#check-policy", &check_policy)
