// Tenant side: an ecdsa-key handle of the engine component as an SDK signing_key, so the
// SDK's client helpers (isolated_crypto::ethereum over signing_key) run in a tenant with a
// key the tenant never holds. Used by examples/demo and examples/ethereum_tenant.
//
//   auto key = wit::imported_ecdsa_key(ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow()));
//   auto sig = isolated_crypto::ethereum::personal_sign<E>(key, message);  // E: public maths only
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include <isolated_crypto/concepts.hpp>

#include "bindings/isolated_crypto_imports.hpp"
#include "wit.hpp"

namespace isolated_crypto::wit {

namespace detail {

inline ::isolated_crypto::u256be to_sdk(const ic::u256be& a) noexcept {
  ::isolated_crypto::u256be out{};
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::byte>(a[i]);
  return out;
}

inline ::isolated_crypto::recoverable_signature to_sdk(const ic::secp256k1::signed_digest& sd) noexcept {
  const auto& [sig, recid] = sd;
  return {{to_sdk(sig.r), to_sdk(sig.s)},
          {ic::has(recid, ic::recovery_id::is_y_odd), ic::has(recid, ic::recovery_id::is_x_reduced)}};
}

}  // namespace detail

/// An owned ecdsa-key handle of the engine. Every call goes to the engine; the private key
/// never enters the tenant. Errors: none of its own (the engine traps on misuse).
class imported_ecdsa_key {
 public:
  explicit imported_ecdsa_key(own<ic::secp256k1::ecdsa_key> h) noexcept : h_(std::move(h)) {}

  ::isolated_crypto::compressed_point public_key() const {
    const auto p = ic::secp256k1::ecdsa_key_get_public_key(h_.borrow());
    return {detail::to_sdk(p.x), p.is_y_odd};
  }
  /// ecdsa-key.sign: the engine hashes `message` (the whole preimage) itself.
  ::isolated_crypto::result<::isolated_crypto::recoverable_signature> sign(::isolated_crypto::digest_algorithm alg,
                                                                         std::span<const std::byte> message,
                                                                         ::isolated_crypto::sign_counter counter) const {
    const auto a = alg == ::isolated_crypto::digest_algorithm::keccak256 ? ic::digest_algorithm256::keccak256
                                                                        : ic::digest_algorithm256::sha256;
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
    return detail::to_sdk(ic::secp256k1::ecdsa_key_sign(h_.borrow(), a, bytes, counter));
  }
  ::isolated_crypto::result<::isolated_crypto::recoverable_signature> sign_raw(const ::isolated_crypto::u256be& digest,
                                                                             ::isolated_crypto::sign_counter counter) const {
    const std::span<const std::uint8_t, 32> d(reinterpret_cast<const std::uint8_t*>(digest.data()), 32);
    return detail::to_sdk(ic::secp256k1::ecdsa_key_sign_raw(h_.borrow(), d, counter));
  }

 private:
  own<ic::secp256k1::ecdsa_key> h_;
};
static_assert(::isolated_crypto::signing_key<imported_ecdsa_key>);

/// The key at `indices` below `root` (a node handle), as an imported_ecdsa_key. Each
/// intermediate node handle is dropped as soon as its child exists.
inline imported_ecdsa_key derive_imported_key(borrow<ic::bip32::node> root, std::span<const std::uint32_t> indices) {
  own<ic::bip32::node> node = indices.empty() ? ic::bip32::node_clone(root) : ic::bip32::node_derive(root, indices[0]);
  for (const std::uint32_t index : indices.subspan(indices.empty() ? 0 : 1)) {
    auto child = ic::bip32::node_derive(node.borrow(), index);
    node = std::move(child);  // drops the parent
  }
  return imported_ecdsa_key(ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow()));
}

}  // namespace isolated_crypto::wit
