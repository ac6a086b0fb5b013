// Hex encoding of public data. (Secret types have no conversion to text.)
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace isolated_crypto::hex {

/// Lower-case hex, no prefix.
inline std::string encode(std::span<const std::byte> b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(b.size() * 2);
  for (auto x : b) {
    const auto v = static_cast<unsigned char>(x);
    s.push_back(digits[v >> 4]);
    s.push_back(digits[v & 15]);
  }
  return s;
}

namespace detail {
constexpr int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
inline std::string_view strip_prefix(std::string_view s) noexcept {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  return s;
}
}  // namespace detail

/// Decodes hex (optional 0x prefix, either case). Errors: invalid_hex (odd length or bad
/// character; position = 1-based character offset).
inline result<std::vector<std::byte>> decode(std::string_view s) {
  const std::size_t prefix = s.size() - detail::strip_prefix(s).size();
  s = detail::strip_prefix(s);
  if (s.size() % 2 != 0) return error{errc::invalid_hex, 0};
  std::vector<std::byte> out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = detail::nibble(s[2 * i]);
    const int lo = detail::nibble(s[2 * i + 1]);
    if (hi < 0) return error{errc::invalid_hex, static_cast<std::uint32_t>(prefix + 2 * i + 1)};
    if (lo < 0) return error{errc::invalid_hex, static_cast<std::uint32_t>(prefix + 2 * i + 2)};
    out[i] = std::byte{static_cast<unsigned char>(hi << 4 | lo)};
  }
  return out;
}

/// Decodes exactly N bytes. Errors: invalid_hex, invalid_length.
template <std::size_t N>
result<std::array<std::byte, N>> decode_fixed(std::string_view s) {
  auto v = decode(s);
  if (!v) return v.err();
  if (v->size() != N) return errc::invalid_length;
  std::array<std::byte, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = (*v)[i];
  return out;
}

}  // namespace isolated_crypto::hex
