// Ethereum addresses: from a public key or a signing key, EIP-55 checksum form, parsing.
// `E` supplies Keccak-256 and point maths (public data only); the key can be native or a
// WIT-imported handle.
#pragma once

#include <array>
#include <cctype>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../concepts.hpp"
#include "../hex.hpp"
#include "../secp256k1.hpp"
#include "../types.hpp"

namespace isolated_crypto::ethereum {

using address = std::array<std::byte, 20>;

/// Last 20 bytes of Keccak-256(x || y).
template <engine_with_public_utilities E>
address address_of(const affine_point& p) noexcept {
  std::array<std::byte, 64> xy;
  for (std::size_t i = 0; i < 32; ++i) {
    xy[i] = p.x[i];
    xy[32 + i] = p.y[i];
  }
  const u256be h = E::hash(digest_algorithm::keccak256, xy);
  address a;
  for (std::size_t i = 0; i < 20; ++i) a[i] = h[12 + i];
  return a;
}

/// Address of a signing key. Errors: invalid_public_key (a key must give a curve point).
template <engine_with_public_utilities E, signing_key K>
result<address> address_of_key(const K& key) {
  auto p = secp256k1::decompress<E>(key.public_key());
  if (!p) return p.err();
  return address_of<E>(*p);
}

/// EIP-55 mixed-case checksum form, "0x" prefixed.
template <engine_with_public_utilities E>
std::string to_checksum_address(const address& a) {
  const std::string lower = hex::encode(a);
  const u256be h = E::hash(digest_algorithm::keccak256, std::as_bytes(std::span(lower.data(), lower.size())));
  std::string out = "0x";
  for (std::size_t i = 0; i < 40; ++i) {
    const auto nib = (static_cast<unsigned>(h[i / 2]) >> (i % 2 == 0 ? 4 : 0)) & 0xF;
    const char c = lower[i];
    out.push_back(c >= 'a' && c <= 'f' && nib >= 8 ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

/// Parses 40 hex digits (optional "0x"). All-lower or all-upper: accepted as is; mixed case must
/// carry a valid EIP-55 checksum. Errors: invalid_hex, invalid_length, invalid_address_checksum.
template <engine_with_public_utilities E>
result<address> parse_address(std::string_view s) {
  auto a = hex::decode_fixed<20>(s);
  if (!a) return a.err();
  const std::string_view digits = s.substr(s.size() - 40);
  bool upper = false;
  bool lower = false;
  for (char c : digits) {
    upper = upper || (c >= 'A' && c <= 'F');
    lower = lower || (c >= 'a' && c <= 'f');
  }
  if (upper && lower && to_checksum_address<E>(*a).substr(2) != digits) return errc::invalid_address_checksum;
  return *a;
}

}  // namespace isolated_crypto::ethereum
