#pragma once
// Tenant side of mrnerdhair:isolated-crypto@0.14.0: the resources as imported
// handles and every function as a typed import. Only the functions a module
// calls become imports.
//
//   auto m = ic::bip39::mnemonic_new("abandon ... about");      // result<own<mnemonic>, string>
//   auto key = ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow());
//   auto [sig, recid] = ic::secp256k1::ecdsa_key_sign(key.borrow(), ic::digest_algorithm256::keccak256, msg, std::nullopt);
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>

#include "../wit.hpp"
#include "isolated_crypto_types.hpp"

namespace isolated_crypto::wit::ic {
namespace secp256k1 {
struct ecdsa_key;
}
namespace bip32 {
struct seed;
struct node;
}
namespace bip39 {
struct mnemonic;
}
}  // namespace isolated_crypto::wit::ic

ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(isolated_crypto::wit::ic::secp256k1::ecdsa_key, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "ecdsa-key")
ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(isolated_crypto::wit::ic::bip32::seed, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "seed")
ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(isolated_crypto::wit::ic::bip32::node, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "node")
ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(isolated_crypto::wit::ic::bip39::mnemonic, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "mnemonic")

namespace isolated_crypto::wit::ic::secp256k1 {
using signed_digest = std::tuple<signature, recovery_id>;
ISOLATED_CRYPTO_WIT_IMPORT(ecdsa_key_get_public_key, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "[method]ecdsa-key.get-public-key",
                           compressed_point(borrow<ecdsa_key>))
/// counter: RFC6979 additional data (4 bytes big-endian); nullopt != 0.
ISOLATED_CRYPTO_WIT_IMPORT(ecdsa_key_sign, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "[method]ecdsa-key.sign",
                           signed_digest(borrow<ecdsa_key>, digest_algorithm256, std::span<const std::uint8_t>, std::optional<std::uint32_t>))
/// digest must be 32 bytes (the engine traps otherwise; the span type enforces it here).
ISOLATED_CRYPTO_WIT_IMPORT(ecdsa_key_sign_raw, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "[method]ecdsa-key.sign-raw",
                           signed_digest(borrow<ecdsa_key>, std::span<const std::uint8_t, 32>, std::optional<std::uint32_t>))
}  // namespace isolated_crypto::wit::ic::secp256k1

namespace isolated_crypto::wit::ic::bip32 {
ISOLATED_CRYPTO_WIT_IMPORT(seed_to_master_key, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]seed.to-master-key",
                           own<node>(borrow<seed>, std::optional<std::span<const std::uint8_t>>))
ISOLATED_CRYPTO_WIT_IMPORT(node_get_public_key, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]node.get-public-key",
                           compressed_point(borrow<node>))
ISOLATED_CRYPTO_WIT_IMPORT(node_get_chain_code, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]node.get-chain-code", u256be(borrow<node>))
ISOLATED_CRYPTO_WIT_IMPORT(node_derive, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]node.derive", own<node>(borrow<node>, std::uint32_t))
ISOLATED_CRYPTO_WIT_IMPORT(node_clone, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]node.clone", own<node>(borrow<node>))
ISOLATED_CRYPTO_WIT_IMPORT(node_into_secp256k1_ecdsa_key, ISOLATED_CRYPTO_WIT_IFACE("bip32"), "[method]node.into-secp256k1-ecdsa-key",
                           own<secp256k1::ecdsa_key>(borrow<node>))
}  // namespace isolated_crypto::wit::ic::bip32

namespace isolated_crypto::wit::ic::bip39 {
ISOLATED_CRYPTO_WIT_IMPORT(mnemonic_new, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "[static]mnemonic.new",
                           result<own<mnemonic>, string>(std::string_view))
ISOLATED_CRYPTO_WIT_IMPORT(mnemonic_to_seed, ISOLATED_CRYPTO_WIT_IFACE("bip39"), "[method]mnemonic.to-seed",
                           own<bip32::seed>(borrow<mnemonic>, std::string_view))
}  // namespace isolated_crypto::wit::ic::bip39

namespace isolated_crypto::wit::ic {
ISOLATED_CRYPTO_WIT_IMPORT(get_mnemonic, ISOLATED_CRYPTO_WIT_IFACE("mnemonic-provider"), "get-mnemonic",
                           result<own<bip39::mnemonic>, string>())
ISOLATED_CRYPTO_WIT_IMPORT(get_root_node, ISOLATED_CRYPTO_WIT_IFACE("root-node-provider"), "get-root-node",
                           result<own<bip32::node>, string>())
}  // namespace isolated_crypto::wit::ic
