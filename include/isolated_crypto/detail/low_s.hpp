// Low-S normalisation of a recoverable signature, shared by the software curve backends
// that compute (r, s, recid) themselves (cryptopp, portable). libsecp256k1 does this inside.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "../types.hpp"
#include "scalar.hpp"

namespace isolated_crypto::detail {

/// If s > n/2, replaces s by n − s and flips recovery-id bit 0 (y_odd): (r, n − s) is the
/// signature made with nonce −k, whose point −R has the same x and the opposite y parity.
/// x_reduced is unchanged. Precondition: 0 < s < n.
/// Constant-time: yes (a masked select; the signature is public once returned anyway).
inline void normalize_low_s(recoverable_signature& rs) noexcept {
  const std::uint32_t high = is_high_s(rs.sig.s.data());
  std::array<std::byte, 32> negated;
  negate_mod_order(rs.sig.s.data(), negated.data());
  const auto take_negated = std::byte{static_cast<std::uint8_t>(0U - high)};  // 0xFF if high
  for (std::size_t i = 0; i < 32; ++i) {
    rs.sig.s[i] = (negated[i] & take_negated) | (rs.sig.s[i] & ~take_negated);
  }
  rs.recid.y_odd = rs.recid.y_odd != (high != 0);
}

}  // namespace isolated_crypto::detail
