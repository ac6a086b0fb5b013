// Ethereum signature forms and the one signing rule every Ethereum helper uses.
//
// Signing rule (sign_preimage): the helpers pass the whole preimage to
// key.sign(keccak256, preimage, counter), never key.sign_raw(hash), so that a policy layer
// between a tenant and the engine sees what is signed. Ethereum's recovery value (v,
// yParity) encodes only R.y's parity: a signature whose R.x was ≥ n (recovery id bit
// x_reduced, probability ~2^-128) cannot be expressed (v would be 29/30). When that
// happens the helper signs again with RFC 6979 counter 0, then 1, ... (a different,
// equally deterministic nonce) until x_reduced is clear, so no helper ever emits v = 29/30
// or yParity > 1.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "../concepts.hpp"
#include "../secp256k1.hpp"
#include "../types.hpp"

namespace isolated_crypto::ethereum {

using rsv_signature = std::array<std::byte, 65>;      ///< r || s || v, v = 27 + yParity
using compact_signature = std::array<std::byte, 64>;  ///< EIP-2098: r || (yParity << 255 | s)

/// Re-signing attempts after the first one (each has a ~2^-128 chance of x_reduced).
inline constexpr std::uint32_t max_resign_attempts = 16;

/// Signs keccak256(preimage) with key.sign(keccak256, preimage, counter) under the rule
/// in the file comment. Returns: a low-S signature with recid.x_reduced == false.
/// Errors: those of key.sign; signing_failed if every attempt had x_reduced set.
/// Secrets: none here (the key stays in its handle).
template <signing_key K>
result<recoverable_signature> sign_preimage(const K& key, std::span<const std::byte> preimage) {
  sign_counter counter = std::nullopt;
  for (std::uint32_t attempt = 0;; ++attempt) {
    auto rs = key.sign(digest_algorithm::keccak256, preimage, counter);
    if (!rs) return rs.err();
    if (!rs->recid.x_reduced) return rs;
    if (attempt == max_resign_attempts) return errc::signing_failed;
    counter = attempt;  // none, then 0, 1, 2, ...
  }
}

/// r || s || v with v = 27 + y_odd + 2·x_reduced. The helpers never pass x_reduced
/// signatures (sign_preimage), so what they emit has v ∈ {27, 28}.
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

/// EIP-2098 compact form. Precondition (contract): low-S and x_reduced clear, as every
/// signature from sign_preimage is; otherwise aborts.
inline compact_signature to_compact(const recoverable_signature& rs) noexcept {
  if (rs.recid.x_reduced || (static_cast<unsigned>(rs.sig.s[0]) & 0x80U) != 0) {
    ::isolated_crypto::detail::contract_violation("to_compact: x_reduced or high-S signature");
  }
  compact_signature out{};
  for (std::size_t i = 0; i < 32; ++i) {
    out[i] = rs.sig.r[i];
    out[32 + i] = rs.sig.s[i];
  }
  if (rs.recid.y_odd) out[32] |= std::byte{0x80};
  return out;
}

/// Splits an EIP-2098 compact signature (yParity = top bit of the second half).
/// Errors: invalid_length (not 64 bytes), invalid_signature (r or s is 0 or ≥ n).
inline result<recoverable_signature> from_compact(std::span<const std::byte> b) noexcept {
  if (b.size() != 64) return errc::invalid_length;
  std::array<std::byte, 64> rs{};
  for (std::size_t i = 0; i < 64; ++i) rs[i] = b[i];
  const bool y_odd = (static_cast<unsigned>(rs[32]) & 0x80U) != 0;
  rs[32] &= std::byte{0x7F};
  auto sig = secp256k1::parse_compact(rs);
  if (!sig) return sig.err();
  return recoverable_signature{*sig, recovery_id{y_odd, false}};
}

}  // namespace isolated_crypto::ethereum
