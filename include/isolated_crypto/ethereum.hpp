// Ethereum helpers, written once over the signing_key concept: addresses, EIP-55,
// EIP-191 personal_sign and signer recovery. `E` supplies Keccak-256 and point maths
// (public data only); the key can be native or a WIT-imported handle.
#pragma once

#include <array>
#include <cctype>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "concepts.hpp"
#include "hex.hpp"
#include "secp256k1.hpp"
#include "types.hpp"

namespace isolated_crypto::ethereum {

using address = std::array<std::byte, 20>;
using rsv_signature = std::array<std::byte, 65>;  ///< r || s || v, v = 27 + recovery id

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

/// EIP-191 version 0x45: Keccak-256("\x19Ethereum Signed Message:\n" + len(message) + message).
template <engine_with_public_utilities E>
u256be personal_message_hash(std::span<const std::byte> message) {
  const std::string prefix = "\x19" "Ethereum Signed Message:\n" + std::to_string(message.size());
  std::vector<std::byte> all;
  all.reserve(prefix.size() + message.size());
  for (char c : prefix) all.push_back(static_cast<std::byte>(c));
  all.insert(all.end(), message.begin(), message.end());
  return E::hash(digest_algorithm::keccak256, all);
}

/// r || s || v with v = 27 + y_odd + 2·x_reduced.
inline rsv_signature to_rsv(const recoverable_signature& rs) noexcept {
  rsv_signature out{};
  for (std::size_t i = 0; i < 32; ++i) {
    out[i] = rs.sig.r[i];
    out[32 + i] = rs.sig.s[i];
  }
  out[64] = static_cast<std::byte>(27 + rs.recid.to_int());
  return out;
}

/// Splits r || s || v (v ∈ {27..30} or {0..3}). Errors: invalid_length, invalid_signature.
inline result<recoverable_signature> from_rsv(std::span<const std::byte> b) noexcept {
  if (b.size() != 65) return errc::invalid_length;
  auto sig = secp256k1::parse_compact(b.first(64));
  if (!sig) return sig.err();
  int v = static_cast<int>(b[64]);
  if (v >= 27) v -= 27;
  if (v < 0 || v > 3) return errc::invalid_signature;
  return recoverable_signature{*sig, recovery_id::from_int(v)};
}

/// EIP-191 personal_sign of `message` with `key`: signs the personal message hash with
/// plain RFC 6979 (no counter). Errors: those of key.sign_raw.
template <engine_with_public_utilities E, signing_key K>
result<rsv_signature> personal_sign(const K& key, std::span<const std::byte> message) {
  auto rs = key.sign_raw(personal_message_hash<E>(message), std::nullopt);
  if (!rs) return rs.err();
  return to_rsv(*rs);
}

/// The address that produced a personal_sign signature of `message`.
/// Errors: invalid_length, invalid_signature, recovery_failed.
template <engine_with_public_utilities E>
result<address> recover_personal_signer(std::span<const std::byte> message, std::span<const std::byte> rsv) {
  auto rs = from_rsv(rsv);
  if (!rs) return rs.err();
  auto p = secp256k1::recover<E>(personal_message_hash<E>(message), *rs);
  if (!p) return p.err();
  return address_of<E>(*p);
}

}  // namespace isolated_crypto::ethereum
