// Public value types. Everything here is public data: printable, comparable, copyable.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "error.hpp"

namespace isolated_crypto {

using u256be = std::array<std::byte, 32>;     ///< 256-bit big-endian integer or digest
using chain_code = std::array<std::byte, 32>;  ///< BIP32 chain code (public data next to a public key)
using sec1_compressed = std::array<std::byte, 33>;
using sec1_uncompressed = std::array<std::byte, 65>;

enum class digest_algorithm : std::uint8_t { sha256 = 0, keccak256 = 1 };

/// A curve point in compressed form: x and the parity of y.
struct compressed_point {
  u256be x{};
  bool y_odd = false;

  /// SEC1 compressed encoding: 0x02/0x03 || x.
  [[nodiscard]] sec1_compressed to_sec1() const noexcept {
    sec1_compressed out{};
    out[0] = std::byte{static_cast<unsigned char>(y_odd ? 0x03 : 0x02)};
    for (std::size_t i = 0; i < 32; ++i) out[i + 1] = x[i];
    return out;
  }
  /// Splits a SEC1 compressed encoding. Checks the prefix only; on-curve checks are the
  /// engine's (see secp256k1::parse_public_key).
  static result<compressed_point> from_sec1_prefix(std::span<const std::byte> b) noexcept {
    if (b.size() != 33) return errc::invalid_length;
    const auto p = static_cast<unsigned char>(b[0]);
    if (p != 0x02 && p != 0x03) return errc::invalid_public_key;
    compressed_point c;
    c.y_odd = p == 0x03;
    for (std::size_t i = 0; i < 32; ++i) c.x[i] = b[i + 1];
    return c;
  }
  friend bool operator==(const compressed_point&, const compressed_point&) = default;
};

/// A curve point in affine form (needed by Ethereum addresses).
struct affine_point {
  u256be x{};
  u256be y{};
  [[nodiscard]] sec1_uncompressed to_sec1() const noexcept {
    sec1_uncompressed out{};
    out[0] = std::byte{0x04};
    for (std::size_t i = 0; i < 32; ++i) {
      out[1 + i] = x[i];
      out[33 + i] = y[i];
    }
    return out;
  }
  [[nodiscard]] compressed_point compress() const noexcept {
    return {x, (static_cast<unsigned char>(y[31]) & 1U) != 0};
  }
  friend bool operator==(const affine_point&, const affine_point&) = default;
};

/// ECDSA signature (r, s), each a 32-byte big-endian scalar.
struct signature {
  u256be r{};
  u256be s{};
  friend bool operator==(const signature&, const signature&) = default;
};

/// Which of the up to four candidate points R was: libsecp256k1 recid bit 0 / bit 1.
struct recovery_id {
  bool y_odd = false;     ///< R.y is odd (after low-S normalisation)
  bool x_reduced = false; ///< R.x ≥ n, so r = R.x − n (probability ~2^-128)
  [[nodiscard]] constexpr int to_int() const noexcept { return (y_odd ? 1 : 0) | (x_reduced ? 2 : 0); }
  static constexpr recovery_id from_int(int v) noexcept { return {(v & 1) != 0, (v & 2) != 0}; }
  friend bool operator==(const recovery_id&, const recovery_id&) = default;
};

struct recoverable_signature {
  signature sig;
  recovery_id recid;
  friend bool operator==(const recoverable_signature&, const recoverable_signature&) = default;
};

/// RFC6979 additional data: none = plain RFC6979; some(c) appends c as 4 bytes big-endian.
using sign_counter = std::optional<std::uint32_t>;

}  // namespace isolated_crypto
