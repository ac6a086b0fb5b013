// EIP-191 personal_sign (version 0x45) and its signer recovery, over signing_key.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "../concepts.hpp"
#include "../secp256k1.hpp"
#include "address.hpp"
#include "signature.hpp"

namespace isolated_crypto::ethereum {

/// EIP-191 version 0x45 preimage: "\x19Ethereum Signed Message:\n" + decimal length + message.
inline std::vector<std::byte> personal_message_preimage(std::span<const std::byte> message) {
  const std::string prefix = "\x19" "Ethereum Signed Message:\n" + std::to_string(message.size());
  std::vector<std::byte> all;
  all.reserve(prefix.size() + message.size());
  for (char c : prefix) all.push_back(static_cast<std::byte>(c));
  all.insert(all.end(), message.begin(), message.end());
  return all;
}

/// EIP-191 version 0x45: Keccak-256("\x19Ethereum Signed Message:\n" + len(message) + message).
template <engine_with_public_utilities E>
u256be personal_message_hash(std::span<const std::byte> message) {
  return E::hash(digest_algorithm::keccak256, personal_message_preimage(message));
}

/// EIP-191 personal_sign of `message` with `key`: signs the preimage
/// (personal_message_preimage) by sign_preimage (plain RFC 6979; never v = 29/30).
/// Returns: r || s || v, v ∈ {27, 28}. Errors: those of key.sign.
template <engine_with_public_utilities E, signing_key K>
result<rsv_signature> personal_sign(const K& key, std::span<const std::byte> message) {
  auto rs = sign_preimage(key, personal_message_preimage(message));
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
