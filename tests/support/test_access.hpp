// Test-only routes for secrets that the public API (by design) cannot take in:
//  * raw seed bytes (BIP32 test vectors give a seed, not a mnemonic), and
//  * raw private keys (RFC 6979 / EIP-191 vectors give the key).
//
// 1. isolated_crypto::detail::test_access (declared in <isolated_crypto/detail/test_access.hpp>,
//    a friend of seed<E>) builds a seed<E> from 64 bytes. Everything after that is E's real
//    code: seed.to_master_key() -> derive -> public data.
// 2. ic_test::raw_node_engine<E> is E with ONE function changed: master_node() called with the
//    tag ic_test::raw_node_tag as HMAC key takes the 64 "seed" bytes as I = IL || IR directly
//    (key = IL, chain code = IR) instead of HMAC-SHA512(key, seed). Every other operation
//    (derive, public key, into_ecdsa_key, sign_digest) is inherited from E unchanged, so a key
//    imported this way is signed with by E's own code. Used for
//      - private keys: I = key || 32 zero bytes, then into_ecdsa_key();
//      - BIP32 seeds that are not 64 bytes long (vectors 1 and 4): I = HMAC-SHA512("Bitcoin
//        seed", seed) computed here with the SDK's detail::hmac_sha512 over E's hashes.
//    (ecdsa_key<E> has no test_access friend: a raw key goes through a raw master node.)
// Requires a software_engine-shaped E (seed_state::bytes, node_state::{key, chain}).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <doctest/doctest.h>

#include <isolated_crypto/detail/sha2.hpp>
#include <isolated_crypto/detail/test_access.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

struct isolated_crypto::detail::test_access {
  /// A seed handle holding exactly these 64 bytes.
  template <class E>
  static seed<E> seed_from_bytes(std::span<const std::byte, 64> bytes) {
    typename E::seed_state s;
    auto dst = s.bytes.bytes(secret_access{});
    for (std::size_t i = 0; i < 64; ++i) dst[i] = bytes[i];
    return seed<E>(std::move(s));
  }
};

namespace ic_test {

namespace ic = isolated_crypto;

inline constexpr std::string_view raw_node_tag = "isolated-crypto test only: raw IL||IR";

template <class E>
struct raw_node_engine : E {
  static ic::result<typename E::node_state> master_node(const typename E::seed_state& seed,
                                                         std::span<const std::byte> hmac_key) noexcept {
    const std::string_view key(reinterpret_cast<const char*>(hmac_key.data()), hmac_key.size());
    if (key != raw_node_tag) return E::master_node(seed, hmac_key);
    const auto in = seed.bytes.bytes(ic::detail::secret_access{});
    typename E::node_state n;
    auto k = n.key.bytes(ic::detail::secret_access{});
    auto c = n.chain.bytes(ic::detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) {
      k[i] = in[i];
      c[i] = in[32 + i];
    }
    if (ic::detail::is_valid_scalar(k.data()) == 0) return ic::errc::invalid_master_key;
    return n;
  }
};

/// Master node from I = IL || IR (engine raw_node_engine<E>).
template <class E>
ic::node<raw_node_engine<E>> node_from_i(std::span<const std::byte, 64> i) {
  auto s = ic::detail::test_access::seed_from_bytes<raw_node_engine<E>>(i);
  auto m = s.to_master_key(std::as_bytes(std::span(raw_node_tag)));
  REQUIRE_MESSAGE(m.has_value(), "raw node import failed: " << ic::describe(m.err()));
  return std::move(*m);
}

/// An ECDSA key handle over this 32-byte private key, signed with by E's code.
template <class E>
ic::ecdsa_key<raw_node_engine<E>> key_from_bytes(std::span<const std::byte, 32> sk) {
  std::array<std::byte, 64> i{};
  for (std::size_t j = 0; j < 32; ++j) i[j] = sk[j];
  auto n = node_from_i<E>(i);
  ic::secure_wipe(i.data(), i.size());
  return std::move(n).into_ecdsa_key();
}

/// BIP32 master node of a seed of any length (16..64 bytes). 64-byte seeds go through
/// test_access + E's own master_node; others through HMAC-SHA512("Bitcoin seed", seed)
/// (the SDK's HMAC over E's hashes) + raw_node_engine<E>. Both give raw_node_engine<E> nodes
/// so callers have one type; for 64-byte seeds the HMAC key is "Bitcoin seed" and the
/// raw_node_engine override passes straight to E::master_node.
template <class E>
ic::node<raw_node_engine<E>> bip32_master(std::span<const std::byte> seed_bytes) {
  std::array<std::byte, 64> buf{};
  if (seed_bytes.size() == 64) {
    for (std::size_t j = 0; j < 64; ++j) buf[j] = seed_bytes[j];
    auto s = ic::detail::test_access::seed_from_bytes<raw_node_engine<E>>(buf);
    auto m = s.to_master_key();
    REQUIRE(m.has_value());
    return std::move(*m);
  }
  const ic::detail::hmac_sha512<typename E::hashes> mac(std::as_bytes(std::span(ic::bip32_default_hmac_key)));
  mac.mac(buf.data(), seed_bytes);
  auto n = node_from_i<E>(buf);
  ic::secure_wipe(buf.data(), buf.size());
  return n;
}

}  // namespace ic_test
