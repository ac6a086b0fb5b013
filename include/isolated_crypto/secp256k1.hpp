// Public-key utilities over an engine's curve backend: parse, verify, recover.
// Everything here handles public data only.
#pragma once

#include <cstddef>
#include <span>

#include "concepts.hpp"
#include "detail/scalar.hpp"
#include "error.hpp"
#include "types.hpp"

namespace isolated_crypto::secp256k1 {

enum class s_policy : std::uint8_t {
  low_s_only,  ///< reject s > n/2 (Bitcoin/Ethereum rule; what we produce)
  any_s,       ///< plain ECDSA (e.g. IEEE P1363 signatures)
};

/// Parses SEC1: 33-byte compressed or 65-byte uncompressed. Errors: invalid_length,
/// invalid_public_key (bad prefix or not on the curve).
template <engine_with_public_utilities E>
result<affine_point> parse_public_key(std::span<const std::byte> b) noexcept {
  using C = typename E::curve;
  if (b.size() == 33) {
    auto c = compressed_point::from_sec1_prefix(b);
    if (!c) return c.err();
    auto p = C::decompress(*c);
    if (!p) return errc::invalid_public_key;
    return *p;
  }
  if (b.size() == 65) {
    if (b[0] != std::byte{0x04}) return errc::invalid_public_key;
    affine_point p;
    for (std::size_t i = 0; i < 32; ++i) {
      p.x[i] = b[1 + i];
      p.y[i] = b[33 + i];
    }
    if (!C::is_on_curve(p)) return errc::invalid_public_key;
    return p;
  }
  return errc::invalid_length;
}

/// Full point of a compressed key. Errors: invalid_public_key.
template <engine_with_public_utilities E>
result<affine_point> decompress(const compressed_point& c) noexcept {
  auto p = E::curve::decompress(c);
  if (!p) return errc::invalid_public_key;
  return *p;
}

/// 64-byte r || s. Errors: invalid_length, invalid_signature (r or s is 0 or ≥ n).
inline result<signature> parse_compact(std::span<const std::byte> b) noexcept {
  if (b.size() != 64) return errc::invalid_length;
  signature s;
  for (std::size_t i = 0; i < 32; ++i) {
    s.r[i] = b[i];
    s.s[i] = b[32 + i];
  }
  if (detail::is_valid_scalar(s.r.data()) == 0 || detail::is_valid_scalar(s.s.data()) == 0) {
    return errc::invalid_signature;
  }
  return s;
}

/// Returns: true iff `sig` is a valid ECDSA signature of `digest` by `pub` (and low-S,
/// unless policy is any_s). r, s must be in [1, n−1]. Constant-time: not needed (public).
template <engine_with_public_utilities E>
bool verify(const affine_point& pub, const u256be& digest, const signature& sig,
            s_policy policy = s_policy::low_s_only) noexcept {
  if (detail::is_valid_scalar(sig.r.data()) == 0 || detail::is_valid_scalar(sig.s.data()) == 0) return false;
  if (policy == s_policy::low_s_only && detail::is_high_s(sig.s.data()) != 0) return false;
  return E::curve::verify(pub, digest, sig);
}

/// Recovers the signer's public key. Errors: invalid_signature, recovery_failed.
template <engine_with_public_utilities E>
result<affine_point> recover(const u256be& digest, const recoverable_signature& rs) noexcept {
  if (detail::is_valid_scalar(rs.sig.r.data()) == 0 || detail::is_valid_scalar(rs.sig.s.data()) == 0) {
    return errc::invalid_signature;
  }
  auto p = E::curve::recover(digest, rs.sig, rs.recid);
  if (!p) return errc::recovery_failed;
  return *p;
}

}  // namespace isolated_crypto::secp256k1
