// Signature test only: exports every function of world `engine` with stub
// bodies, through ISOLATED_CRYPTO_WIT_EXPORT. signatures.test.mjs compares the
// core module with jco's dummy module for the same world and lets `jco new`
// check it against the WIT.
#include <isolated_crypto/wit/bindings/isolated_crypto_types.hpp>
#include <isolated_crypto/wit/wit.hpp>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;

struct key_impl;
struct seed_impl;
struct node_impl;
struct mnemonic_impl;
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(key_impl, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "ecdsa-key")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(seed_impl, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "seed")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(node_impl, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "node")
ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(mnemonic_impl, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "mnemonic")

using signed_digest = std::tuple<ic::signature, ic::recovery_id>;

struct key_impl {
  ic::compressed_point get_public_key() const { return {}; }
  signed_digest sign(ic::digest_algorithm256, std::span<const std::uint8_t>, std::optional<std::uint32_t>) const { return {}; }
  signed_digest sign_raw(std::span<const std::uint8_t, 32>, std::optional<std::uint32_t>) const { return {}; }
};
struct node_impl {
  ic::compressed_point get_public_key() const { return {}; }
  ic::u256be get_chain_code() const { return {}; }
  wit::own<node_impl> derive(std::uint32_t) const { return wit::own<node_impl>::make(); }
  wit::own<node_impl> clone() const { return wit::own<node_impl>::make(); }
  wit::own<key_impl> into_secp256k1_ecdsa_key() const { return wit::own<key_impl>::make(); }
};
struct seed_impl {
  wit::own<node_impl> to_master_key(std::optional<wit::list<std::uint8_t>>) const { return wit::own<node_impl>::make(); }
};
struct mnemonic_impl {
  static wit::result<wit::own<mnemonic_impl>, wit::string> create(wit::secret_string words) {
    if (words.empty()) return wit::err(wit::string::copy_of("empty mnemonic"));
    return wit::ok(wit::own<mnemonic_impl>::make());
  }
  wit::own<seed_impl> to_seed(wit::secret_string) const { return wit::own<seed_impl>::make(); }
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
