// Strict DER encoding of ECDSA signatures (SEQUENCE { INTEGER r, INTEGER s }), as Bitcoin
// requires it (BIP 66) and X.509/Wycheproof use it. Public data only. Constant-time: not
// needed (signatures are public).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "detail/scalar.hpp"
#include "error.hpp"
#include "types.hpp"

namespace isolated_crypto::der {

/// Longest DER signature: 2 + 2·(2 + 33) bytes.
inline constexpr std::size_t max_signature_size = 72;

/// A DER signature in a fixed buffer: the first `size` bytes of `bytes`.
struct encoded_signature {
  std::array<std::byte, max_signature_size> bytes{};
  std::size_t size = 0;
  [[nodiscard]] std::span<const std::byte> view() const noexcept { return {bytes.data(), size}; }
};

namespace detail {

/// Reads one INTEGER at `at` (tag 0x02, short-form length, minimal two's-complement
/// encoding of a non-negative value of at most 32 bytes) into a 32-byte big-endian value.
/// Advances `at` past it; false if any rule is broken or the input ends early.
inline bool read_integer(std::span<const std::byte> in, std::size_t& at, u256be& out) noexcept {
  if (in.size() - at < 2 || in[at] != std::byte{0x02}) return false;
  const auto len = static_cast<std::size_t>(in[at + 1]);
  at += 2;
  if (len == 0 || len > in.size() - at) return false;           // empty, or past the end (and long form ≥ 0x80)
  const auto first = static_cast<unsigned>(in[at]);
  if ((first & 0x80U) != 0) return false;                         // negative
  if (len > 1 && first == 0 && (static_cast<unsigned>(in[at + 1]) & 0x80U) == 0) return false;  // padded
  const std::size_t skip = (first == 0 && len > 1) ? 1 : 0;             // the sign byte
  if (len - skip > 32) return false;                              // more than 256 bits
  out = {};
  for (std::size_t i = skip; i < len; ++i) out[32 - (len - i)] = in[at + i];
  at += len;
  return true;
}

inline void write_integer(const u256be& v, encoded_signature& out) noexcept {
  std::size_t start = 0;
  while (start < 31 && v[start] == std::byte{0}) ++start;         // minimal: keep at least one byte
  const bool pad = (static_cast<unsigned>(v[start]) & 0x80U) != 0;  // keep it non-negative
  const std::size_t len = 32 - start + (pad ? 1 : 0);
  out.bytes[out.size++] = std::byte{0x02};
  out.bytes[out.size++] = static_cast<std::byte>(len);
  if (pad) out.bytes[out.size++] = std::byte{0x00};
  for (std::size_t i = start; i < 32; ++i) out.bytes[out.size++] = v[i];
}

}  // namespace detail

/// Parses a strict DER signature: 0x30 len 0x02 len(r) r 0x02 len(s) s, nothing after.
/// Rejects (errc::invalid_signature): a wrong tag; long-form or inconsistent lengths;
/// trailing bytes; an empty, negative or non-minimally padded INTEGER; a value wider than
/// 256 bits; r or s equal to 0 or ≥ n. Does not check low-S (see secp256k1::verify's
/// s_policy). Returns: {r, s}.
[[nodiscard]] inline result<signature> parse_signature(std::span<const std::byte> in) noexcept {
  if (in.size() < 8 || in.size() > max_signature_size) return errc::invalid_signature;
  if (in[0] != std::byte{0x30} || static_cast<std::size_t>(in[1]) != in.size() - 2) return errc::invalid_signature;
  signature sig;
  std::size_t at = 2;
  if (!detail::read_integer(in, at, sig.r) || !detail::read_integer(in, at, sig.s) || at != in.size()) {
    return errc::invalid_signature;
  }
  if (isolated_crypto::detail::is_valid_scalar(sig.r.data()) == 0 ||
      isolated_crypto::detail::is_valid_scalar(sig.s.data()) == 0) {
    return errc::invalid_signature;
  }
  return sig;
}

/// Encodes {r, s} as minimal DER (8 to 72 bytes). Any 256-bit r, s are encoded as given.
[[nodiscard]] inline encoded_signature encode_signature(const signature& sig) noexcept {
  encoded_signature out;
  out.bytes[0] = std::byte{0x30};
  out.size = 2;
  detail::write_integer(sig.r, out);
  detail::write_integer(sig.s, out);
  out.bytes[1] = static_cast<std::byte>(out.size - 2);
  return out;
}

}  // namespace isolated_crypto::der
