// Base58Check (Bitcoin alphabet), for extended public keys. Public data only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace isolated_crypto::base58 {

inline constexpr std::string_view alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Base58 of `data` (leading zero bytes become '1').
inline std::string encode(std::span<const std::byte> data) {
  std::size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == std::byte{0}) ++zeros;
  std::vector<std::uint8_t> digits;  // base-58 digits, little-endian
  digits.reserve(data.size() * 138 / 100 + 1);
  for (std::size_t i = zeros; i < data.size(); ++i) {
    std::uint32_t carry = static_cast<std::uint8_t>(data[i]);
    for (auto& d : digits) {
      carry += static_cast<std::uint32_t>(d) << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry != 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string s(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) s.push_back(alphabet[*it]);
  return s;
}

/// Decodes base58. Errors: invalid_base58 (position = 1-based offset of a bad character).
inline result<std::vector<std::byte>> decode(std::string_view s) {
  std::size_t zeros = 0;
  while (zeros < s.size() && s[zeros] == '1') ++zeros;
  std::vector<std::uint8_t> bytes;  // little-endian
  for (std::size_t i = zeros; i < s.size(); ++i) {
    const auto pos = alphabet.find(s[i]);
    if (pos == std::string_view::npos) return error{errc::invalid_base58, static_cast<std::uint32_t>(i + 1)};
    std::uint32_t carry = static_cast<std::uint32_t>(pos);
    for (auto& b : bytes) {
      carry += static_cast<std::uint32_t>(b) * 58;
      b = static_cast<std::uint8_t>(carry & 0xFF);
      carry >>= 8;
    }
    while (carry != 0) {
      bytes.push_back(static_cast<std::uint8_t>(carry & 0xFF));
      carry >>= 8;
    }
  }
  std::vector<std::byte> out(zeros, std::byte{0});
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) out.push_back(std::byte{*it});
  return out;
}

/// payload || first 4 bytes of sha256d(payload), base58-encoded.
template <class Sha256>
std::string encode_check(std::span<const std::byte> payload, Sha256&& sha256) {
  const auto h1 = sha256(payload);
  const auto h2 = sha256(std::span<const std::byte>(h1));
  std::vector<std::byte> all(payload.begin(), payload.end());
  all.insert(all.end(), h2.begin(), h2.begin() + 4);
  return encode(all);
}

/// Decodes and checks the 4-byte checksum. Errors: invalid_base58.
template <class Sha256>
result<std::vector<std::byte>> decode_check(std::string_view s, Sha256&& sha256) {
  auto raw = decode(s);
  if (!raw) return raw.err();
  if (raw->size() < 4) return errc::invalid_base58;
  const std::span<const std::byte> payload(raw->data(), raw->size() - 4);
  const auto h1 = sha256(payload);
  const auto h2 = sha256(std::span<const std::byte>(h1));
  for (std::size_t i = 0; i < 4; ++i) {
    if ((*raw)[payload.size() + i] != h2[i]) return errc::invalid_base58;
  }
  return std::vector<std::byte>(payload.begin(), payload.end());
}

}  // namespace isolated_crypto::base58
